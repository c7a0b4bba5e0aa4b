"""Messages end to end, in Chromium (phone-sized): a teacher writes to a parent, whose unread count rises without a
reload, who reads and answers; a pupil cannot write to a pupil of another class; staff restrict sending to
themselves, then open it again; an urgent banner appears for everyone.

The teacher (Claire Moreau) opens *Messages*, *Écrire un message*, looks for "Martin" and ticks Sophie Martin among the
people found, then sends: the thread says "Message envoyé.". Sophie Martin, on her own phone, sees the menu's unread
count go up by one (the demo's own conversations leave some unread already), opens the message from her box, reads it
(the count goes back down) and answers; the teacher reloads the thread and reads the answer. Léa Martin (4e B) looks
for her brother Hugo (6e A, no class or group in common): nobody is offered, and a form sent with his id anyway is
refused, naming him, and sends nothing. Staff (Jean Dupont) then click *Réserver l'envoi à la vie scolaire*: Léa's box
says that only the school office can send and offers no way to write; staff open it again and Léa may write again.

The node is the test's own (``new_node``): the switch is the whole school's, and the messages stay out of the shared
demo school.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cartable_e2e import click_and_wait, click_button, click_link, heading, main_text, path_of, wait_for, wait_for_text
from test_live_class_journey import sign_in

SUBJECT = "Sortie de jeudi : l'autorisation de Léa"
BODY = "Bonjour Madame, il manque encore l'autorisation signée de Léa pour la sortie de jeudi. Merci ! Claire Moreau"
REPLY = "Bonjour, je la glisse dans son cartable ce soir. Bonne soirée, Sophie Martin"
FORGED_SUBJECT = "Salut Hugo"
SENT = "Message envoyé."
FOUND_NOBODY = "Personne de ce nom à qui vous pouvez écrire."
RESTRICTED = "seule la vie scolaire peut envoyer"
WRITE = "Écrire un message"


def unread_badge(driver: WebDriver) -> int:
    """The unread count the menu shows next to *Messages* (0 when it shows none), with its words for screen readers."""
    shown = driver.execute_script(
        "const badge = document.querySelector('nav.main a[href=\"/messages\"] .badge');"
        "return badge ? [badge.textContent, badge.getAttribute('aria-label')] : null;"
    )
    if shown is None:
        return 0
    count, label = shown
    assert label == f"{count} non lu(s)", shown
    return int(count)


def open_messages(driver: WebDriver) -> None:
    """Clicks *Messages* in the menu (its words carry the unread count when there is one)."""
    link = driver.find_element(By.CSS_SELECTOR, "nav.main a[href='/messages']")
    assert link.text.split()[0] == "Messages", link.text
    click_and_wait(driver, link)
    assert path_of(driver) == "/messages" and heading(driver) == "Messages"


def people_offered(driver: WebDriver) -> dict[str, str]:
    """The people the form offers as recipients: each one's id (the checkbox's value) with its label."""
    found = {}
    for box in driver.find_elements(By.CSS_SELECTOR, "main input[type=checkbox][name=to]"):
        found[box.get_attribute("value")] = driver.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']").text
    return found


def look_for(driver: WebDriver, name: str) -> dict[str, str]:
    """Types a name in *Chercher une personne* and clicks *Chercher*: the people offered then."""
    field = driver.find_element(By.ID, "find")
    field.clear()
    field.send_keys(name)
    click_button(driver, "Chercher")
    assert heading(driver) == "Nouveau message"
    assert driver.find_element(By.ID, "find").get_attribute("value") == name, "the name looked for is kept"
    return people_offered(driver)


def thread_in_box(driver: WebDriver, subject: str):
    """The one line of the box with this subject."""
    lines = [line for line in driver.find_elements(By.CSS_SELECTOR, "main ul.threads li") if line.find_element(By.TAG_NAME, "strong").text == subject]
    assert len(lines) == 1, f"{len(lines)} threads named {subject!r}: {main_text(driver)}"
    return lines[0]


def test_a_teacher_writes_to_a_parent_who_answers_and_staff_restrict_sending(new_browser, new_node):
    node = new_node()
    base = node.base_url
    guardian_api = node.api("parent")
    try:
        parent_id = guardian_api.user["id"]
        children = {child["pupil"]["firstName"]: child for child in guardian_api.get_json("/me")["children"]}
    finally:
        guardian_api.close()
    hugo = children["Hugo"]
    lea_classes = {c["name"] for c in children["Léa"]["classes"]}
    hugo_classes = {c["name"] for c in hugo["classes"]}
    assert "4e B" in lea_classes and "6e A" in hugo_classes and not lea_classes & hugo_classes, (lea_classes, hugo_classes)

    # The parent is signed in on her phone: the demo's conversations left some messages unread.
    guardian = new_browser()
    sign_in(guardian, base, "parent")
    unread_before = unread_badge(guardian)

    # The teacher writes to her, found by looking for "Martin".
    teacher = new_browser()
    sign_in(teacher, base, "prof")
    open_messages(teacher)
    click_link(teacher, WRITE)
    assert heading(teacher) == "Nouveau message"
    offered = look_for(teacher, "Martin")
    assert offered.get(parent_id) == "Sophie Martin (Parent)", offered
    teacher.find_element(By.CSS_SELECTOR, f"main input[name=to][value='{parent_id}']").click()
    teacher.find_element(By.ID, "subject").send_keys(SUBJECT)
    teacher.find_element(By.ID, "body").send_keys(BODY)
    click_button(teacher, "Envoyer")
    wait_for_text(teacher, SENT)
    assert heading(teacher) == SUBJECT
    sent = main_text(teacher)
    assert BODY in sent and "À : Sophie Martin" in sent, sent
    assert "ne le liront pas" not in sent, "the parent has signed in: she will read it"

    # The parent's menu counts one more unread message without a reload (the page's event stream); she opens it
    # from her box and reads it; then she answers.
    wait_for(guardian, lambda d: unread_badge(d) == unread_before + 1, "the unread count did not rise without a reload")
    open_messages(guardian)
    line = thread_in_box(guardian, SUBJECT)
    assert "unread" in line.get_attribute("class").split() and "1 non lu(s)" in line.text, line.text
    assert "Claire Moreau" in line.text
    click_and_wait(guardian, line.find_element(By.LINK_TEXT, SUBJECT))
    assert heading(guardian) == SUBJECT
    message = guardian.find_element(By.CSS_SELECTOR, "ol.messages li.message")
    assert "Claire Moreau" in message.text and BODY in message.find_element(By.CSS_SELECTOR, ".body").text, message.text
    assert "nouveau" in message.text, "the message is marked new as it is first read"
    wait_for(guardian, lambda d: unread_badge(d) == unread_before, "the message being read is still counted as unread")
    assert "Répondre à Claire Moreau" in main_text(guardian)
    guardian.find_element(By.ID, "body").send_keys(REPLY)
    click_button(guardian, "Envoyer la réponse")
    wait_for_text(guardian, SENT)
    assert REPLY in main_text(guardian)
    open_messages(guardian)
    assert "unread" not in thread_in_box(guardian, SUBJECT).get_attribute("class").split()
    assert unread_badge(guardian) == unread_before

    # The teacher's menu counts the answer without a reload; she reloads the thread and reads it, last.
    wait_for(teacher, lambda d: unread_badge(d) >= 1, "the teacher's unread count did not rise without a reload")
    teacher.refresh()
    assert heading(teacher) == SUBJECT
    last = teacher.find_element(By.ID, "last")
    assert "Sophie Martin" in last.text and REPLY in last.find_element(By.CSS_SELECTOR, ".body").text, main_text(teacher)

    # The pupil cannot write to a pupil of another class: nobody is offered, and a form naming him anyway is refused.
    pupil = new_browser()
    sign_in(pupil, base, "eleve")
    open_messages(pupil)
    click_link(pupil, WRITE)
    offered = look_for(pupil, "Hugo Martin")
    assert hugo["pupil"]["id"] not in offered, offered
    assert FOUND_NOBODY in main_text(pupil)
    pupil.execute_script(
        "const box = document.createElement('input');"
        "box.type = 'hidden'; box.name = 'to'; box.value = arguments[0];"
        "document.getElementById('find').form.appendChild(box);",
        hugo["pupil"]["id"],
    )
    pupil.find_element(By.ID, "subject").send_keys(FORGED_SUBJECT)
    pupil.find_element(By.ID, "body").send_keys("Tu viens jouer à la récré ?")
    click_button(pupil, "Envoyer")
    assert heading(pupil) == "Nouveau message"
    refused = main_text(pupil)
    assert "Vous ne pouvez pas écrire à : Hugo Martin. Rien n'a été envoyé." in refused, refused
    assert SENT not in refused
    assert pupil.find_element(By.ID, "subject").get_attribute("value") == FORGED_SUBJECT, "what the pupil wrote is kept"
    open_messages(pupil)
    assert FORGED_SUBJECT not in main_text(pupil)
    assert pupil.find_elements(By.LINK_TEXT, WRITE), "the pupil may write (to the people of her classes)"

    # Staff restrict sending to the school office: the pupil's box says so and offers no way to write.
    staff = new_browser()
    sign_in(staff, base, "direction")
    staff.get(f"{base}/messages/settings")
    assert heading(staff) == "Réglages de la messagerie"
    assert "Tout le monde peut écrire, selon les règles ci-dessous." in main_text(staff)
    click_button(staff, "Réserver l'envoi à la vie scolaire")
    wait_for_text(staff, "Réglages enregistrés.")
    settings = main_text(staff)
    assert "En ce moment, seule l'équipe de vie scolaire et de direction peut envoyer des messages." in settings, settings
    assert "Envoi réservé par Jean Dupont" in settings, settings

    pupil.refresh()
    box = main_text(pupil)
    assert RESTRICTED in box, box
    assert not pupil.find_elements(By.LINK_TEXT, WRITE), "no way to write while sending is restricted"
    pupil.get(f"{base}/messages/new")
    assert RESTRICTED in main_text(pupil)

    # Staff open it again: the pupil may write again.
    staff.get(f"{base}/messages/settings")
    click_button(staff, "Rouvrir la messagerie à tous")
    wait_for_text(staff, "Réglages enregistrés.")
    settings = main_text(staff)
    assert "Tout le monde peut écrire, selon les règles ci-dessous." in settings, settings
    assert "Messagerie rouverte par Jean Dupont" in settings, settings
    open_messages(pupil)
    assert RESTRICTED not in main_text(pupil)
    assert pupil.find_elements(By.LINK_TEXT, WRITE)

    # An urgent banner, put up by staff, is at the top of everyone's pages (the open ones say so without a reload).
    banner = "Les classes virtuelles de 9h sont reportées à 9h30"
    staff.get(f"{base}/banners")
    staff.find_element(By.ID, "text").send_keys(banner)
    click_button(staff, "Afficher le bandeau")
    wait_for_text(staff, "Bandeau affiché")
    wait_for(guardian, lambda d: not d.find_element(By.ID, "live-notice").get_attribute("hidden"), "the open page did not say something changed")
    for browser in (guardian, teacher, pupil, staff):
        browser.refresh()
        # The demo school has a banner of its own: this one is among those at the top.
        shown = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "p.urgent")]
        assert f"Information urgente : {banner}" in shown, shown
