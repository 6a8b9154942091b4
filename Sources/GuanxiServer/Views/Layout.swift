import GuanxiCore
import Vapor

/// The page frame: sidebar navigation, top bar with language switch and account menu.
enum Layout {
    static func page(_ title: String, _ context: PageContext, content: HTML) -> Response {
        let l = context.l
        let body: HTML
        if let user = context.user {
            body = """
            <div class="shell">
              <aside class="sidebar">
                <a class="brand" href="/"><span class="brand-mark">关</span><span>\(l[.appName])</span></a>
                <nav>\(navigation(context, isAdmin: user.role.managesAccounts))</nav>
              </aside>
              <div class="main">
                <header class="topbar">
                  <h1>\(title)</h1>
                  <div class="topbar-tools">
                    \(languageSwitch(context))
                    <a class="user-chip" href="\(SitePath.account)" id="account-link">\(user.displayName == l.roleName(user.role) ? user.displayName : "\(user.displayName) · \(l.roleName(user.role))")</a>
                    <form method="post" action="\(SitePath.logout)">\(context.csrfField)<button class="button ghost" id="logout" type="submit">\(l[.signOut])</button></form>
                  </div>
                </header>
                <main class="content">\(reminders(context))\(notice(context))\(content)</main>
              </div>
            </div>
            """
        } else {
            body = """
            <div class="center-page">
              <div class="lang-corner">\(languageSwitch(context))</div>
              \(notice(context))\(content)
            </div>
            """
        }
        let html: HTML = """
        <!doctype html>
        <html lang="\(l.language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · \(l[.appName])</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/assets/app.css">
        <script src="\(PageScript.path)" defer></script>
        </head>
        <body>\(body)</body>
        </html>
        """
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        let response = Response(status: .ok, headers: headers, body: .init(string: html.raw))
        if let removal = context.flashRemoval { response.cookies[Flash.cookieName] = removal }
        return response
    }

    /// Everything a page loads comes from this site; no inline script or style, no framing, forms post here only.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    private static func navigation(_ context: PageContext, isAdmin: Bool) -> HTML {
        let l = context.l
        var links: [HTML] = [link("/", l[.navDashboard], context, id: "nav-dashboard")]
        links.append("<div class=\"nav-section\">\(l[.navWork])</div>")
        links.append(link(SitePath.customers.description, l[.navCustomers], context, id: "nav-customers"))
        links.append(link(SitePath.tasks.description, l[.navTasks], context, id: "nav-tasks"))
        links.append(link(SitePath.opportunities.description, l[.navOpportunities], context, id: "nav-opportunities"))
        links.append(link(SitePath.pipeline.description, l[.navPipeline], context, id: "nav-pipeline"))
        links.append(link(SitePath.quotes.description, l[.navQuotes], context, id: "nav-quotes"))
        links.append(link(SitePath.orders.description, l[.navOrders], context, id: "nav-orders"))
        links.append(link(SitePath.bids.description, l[.navBids], context, id: "nav-bids"))
        links.append(link(SitePath.salesReport.description, l[.navSalesReport], context, id: "nav-sales-report"))
        links.append(link(SitePath.segments.description, l[.navSegments], context, id: "nav-segments"))
        links.append(link(SitePath.products.description, l[.navProducts], context, id: "nav-products"))
        links.append(link(SitePath.rules.description, l[.navRules], context, id: "nav-rules"))
        if isAdmin {
            links.append("<div class=\"nav-section\">\(l[.navAdministration])</div>")
            links.append(link(SitePath.users.description, l[.navUsers], context, id: "nav-users"))
            links.append(link(SitePath.teams.description, l[.navTeams], context, id: "nav-teams"))
            links.append(link(SitePath.audit.description, l[.navAudit], context, id: "nav-audit"))
            links.append(link(SitePath.imports.description, l[.navImport], context, id: "nav-import"))
            links.append(link(SitePath.companySettings.description, l[.navCompanySettings], context, id: "nav-company-settings"))
            links.append(link(SitePath.stages.description, l[.navStages], context, id: "nav-stages"))
            links.append(link(SitePath.salesChannels.description, l[.navSalesChannels], context, id: "nav-sales-channels"))
        }
        links.append(link(SitePath.account.description, l[.navAccount], context, id: "nav-account"))
        return links.joined()
    }

    private static func link(_ href: String, _ label: String, _ context: PageContext, id: String) -> HTML {
        let current = href == "/" ? context.path == "/" : context.path.hasPrefix(href)
        return "<a id=\"\(id)\" href=\"\(href)\" class=\"\(current ? "current" : "")\">\(label)</a>"
    }

    /// Two buttons, one per language, posting to `/language` and returning to this page.
    static func languageSwitch(_ context: PageContext, idPrefix: String = "lang") -> HTML {
        let buttons: [HTML] = Language.allCases.map { language in
            let label = language == .chinese ? context.l[.languageChinese] : context.l[.languageEnglish]
            let current = language == context.l.language
            return "<button type=\"submit\" name=\"language\" value=\"\(language.rawValue)\" class=\"\(current ? "current" : "")\" id=\"\(idPrefix)-\(language.rawValue)\">\(label)</button>"
        }
        return """
        <form class="lang-switch" method="post" action="\(SitePath.language)" aria-label="\(context.l[.language])">\(context.csrfField)<input type="hidden" name="return_to" value="\(context.path)">\(buttons)</form>
        """
    }

    /// A bar on every page while reminders are due, linking to them.
    private static func reminders(_ context: PageContext) -> HTML {
        guard context.dueReminders > 0 else { return .empty }
        return "<div class=\"reminder-bar\" role=\"status\" id=\"reminder-bar\"><a href=\"\(SitePath.tasks)?view=reminders\">\(context.l(.remindersDue, ["n": String(context.dueReminders)]))</a></div>"
    }

    private static func notice(_ context: PageContext) -> HTML {
        guard let notice = context.notice else { return .empty }
        return "<div class=\"notice\" role=\"status\">\(notice)</div>"
    }
}
