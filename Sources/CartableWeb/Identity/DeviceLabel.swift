/// A short, language-neutral description of a device from its `User-Agent`: "Firefox · Android".
enum DeviceLabel {
    static func make(userAgent: String?) -> String {
        guard let agent = userAgent, !agent.isEmpty else { return "?" }
        let browser: String
        if agent.contains("Edg/") {
            browser = "Edge"
        } else if agent.contains("OPR/") || agent.contains("Opera") {
            browser = "Opera"
        } else if agent.contains("SamsungBrowser") {
            browser = "Samsung Internet"
        } else if agent.contains("Firefox/") {
            browser = "Firefox"
        } else if agent.contains("Chrome/") || agent.contains("Chromium/") || agent.contains("CriOS/") {
            browser = "Chrome"
        } else if agent.contains("Safari/") {
            browser = "Safari"
        } else if agent.hasPrefix("curl/") {
            browser = "curl"
        } else if agent.contains("python") || agent.contains("Python") {
            browser = "Python"
        } else {
            browser = "?"
        }
        let system: String
        if agent.contains("Android") {
            system = "Android"
        } else if agent.contains("iPhone") {
            system = "iPhone"
        } else if agent.contains("iPad") {
            system = "iPad"
        } else if agent.contains("Windows") {
            system = "Windows"
        } else if agent.contains("CrOS") {
            system = "ChromeOS"
        } else if agent.contains("Mac OS X") || agent.contains("Macintosh") {
            system = "macOS"
        } else if agent.contains("Linux") {
            system = "Linux"
        } else {
            system = "?"
        }
        return "\(browser) · \(system)"
    }
}
