"""HTML site chrome for the set 5 articles.

Each template returns (before, after): the lines that go above the article
body (doctype, head, banners, navigation, the opening <main> tag) and the
lines that go below it (closing </main>, footer, scripts).  Only the text
inside <main> is article body.  All hosts are example.com/.org/.net.
"""

import html


def _head(lang, title, site, canonical, css, extra_meta=()):
    lines = [
        "<!DOCTYPE html>",
        '<html lang="%s">' % lang,
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s | %s</title>" % (html.escape(title, quote=False), html.escape(site, quote=False)),
        '<link rel="canonical" href="%s">' % canonical,
        '<link rel="stylesheet" href="%s">' % css,
    ]
    lines.extend(extra_meta)
    lines.append("</head>")
    return lines


# ---------------------------------------------------------------- style a
def gov_au(meta):
    title = meta["title"]
    slug = meta["slug"]
    before = _head("en-AU", title, "Capricornia Health",
                   "https://health.capricornia.example.org/fact-sheets/%s" % slug,
                   "/assets/css/gov-health.css",
                   ['<meta name="dcterms.creator" content="Capricornia State Government, Department of Health">'])
    before += [
        '<body class="fact-sheet">',
        '<a class="skip-link" href="#content">Skip to main content</a>',
        '<div class="gov-banner">An official website of the Capricornia State Government</div>',
        '<header class="site-header">',
        '<a class="logo" href="/"><img src="/assets/img/capricornia-health.svg" alt="Capricornia Health"></a>',
        '<form class="search" action="/search"><input type="search" name="q" aria-label="Search this site"><button>Search</button></form>',
        "</header>",
        '<nav class="main-nav" aria-label="Main">',
        "<ul>",
        '<li><a href="/health-a-z">Health A-Z</a></li>',
        '<li><a href="/fact-sheets">Fact sheets</a></li>',
        '<li><a href="/services">Find a service</a></li>',
        '<li><a href="/alerts">Public health alerts</a></li>',
        '<li><a href="/languages">Other languages</a></li>',
        "</ul>",
        "</nav>",
        '<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/fact-sheets">Fact sheets</a> &rsaquo; %s</nav>' % html.escape(title, quote=False),
        '<main id="content">',
    ]
    after = [
        "</main>",
        '<footer class="site-footer">',
        '<p class="acknowledgement">Capricornia Health acknowledges the Traditional Custodians of the lands on which we live and work, and pays respect to Elders past and present.</p>',
        '<ul class="footer-links">',
        '<li><a href="/copyright">Copyright</a></li>',
        '<li><a href="/privacy">Privacy</a></li>',
        '<li><a href="/accessibility">Accessibility</a></li>',
        '<li><a href="/feedback">Give feedback on this page</a></li>',
        "</ul>",
        "<p>&copy; Capricornia State Government (Department of Health)</p>",
        "</footer>",
        '<script src="/assets/js/gov.js"></script>',
        "</body>",
        "</html>",
    ]
    return before, after


def gov_ca(meta):
    title = meta["title"]
    slug = meta["slug"]
    before = _head("en-CA", title, "HealthInfo Assiniboia",
                   "https://healthinfo.assiniboia.example.net/topics/%s" % slug,
                   "/static/healthinfo.css")
    before += [
        "<body>",
        '<div class="language-toggle"><a href="/fr/sujets/%s" lang="fr">Fran&ccedil;ais</a></div>' % slug,
        '<header role="banner">',
        '<a href="/"><img src="/static/img/province-wordmark.svg" alt="Government of Assiniboia"></a>',
        '<p class="tagline">HealthInfo Assiniboia &mdash; health advice you can trust, 24/7</p>',
        "</header>",
        '<nav aria-label="Site">',
        '<a href="/topics">Health topics</a> | <a href="/healthy-living">Healthy living</a> | <a href="/find-care">Find care</a> | <a href="/nurse-line">Talk to a nurse</a>',
        "</nav>",
        '<main role="main">',
    ]
    after = [
        "</main>",
        "<footer>",
        '<p><a href="/about">About HealthInfo</a> | <a href="/terms">Terms of use</a> | <a href="/privacy">Privacy</a> | <a href="/contact">Contact us</a></p>',
        "<p>&copy; Province of Assiniboia, Ministry of Health</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return before, after


# ---------------------------------------------------------------- style c
def charity(meta):
    title = meta["title"]
    org = meta["org"]
    host = meta["host"]
    slug = meta["slug"]
    before = _head("en-GB", title, org, "https://%s/%s" % (host, slug),
                   "/wp-content/themes/support/style.css")
    before += [
        '<body class="page-template-info">',
        '<div class="top-bar"><a href="/helpline">Helpline</a> <a href="/shop">Shop</a> <a class="btn-donate" href="/donate">Donate</a></div>',
        '<header class="masthead">',
        '<a href="/" class="brand">%s</a>' % html.escape(org, quote=False),
        '<nav class="primary">',
        "<ul>",
        '<li><a href="/about-the-condition">About the condition</a></li>',
        '<li><a href="/support">Get support</a></li>',
        '<li><a href="/get-involved">Get involved</a></li>',
        '<li><a href="/research">Research</a></li>',
        '<li><a href="/news">News</a></li>',
        "</ul>",
        "</nav>",
        "</header>",
        '<main class="content">',
    ]
    after = [
        "</main>",
        '<footer class="site-footer">',
        '<p>%s is a registered charity. Registered office: Unit 4, Ashdown Business Park.</p>' % html.escape(org, quote=False),
        '<p><a href="/privacy">Privacy and cookies</a> | <a href="/accessibility">Accessibility</a> | <a href="/contact">Contact</a></p>',
        "</footer>",
        "</body>",
        "</html>",
    ]
    return before, after


# ---------------------------------------------------------------- style t
def station(meta):
    title = meta["title"]
    slug = meta["slug"]
    name = meta.get("station", "KRVT 4 News")
    host = meta.get("host", "www.krvt4.example.com")
    before = _head("en-US", title, name, "https://%s/health/%s" % (host, slug),
                   "/assets/station.min.css",
                   ['<meta property="og:type" content="article">',
                    '<meta property="og:title" content="%s">' % html.escape(title)])
    before += [
        "<body>",
        '<div id="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Learn more</a> <button>Accept</button></div>',
        '<header class="station-header">',
        '<a class="station-logo" href="/">%s</a>' % html.escape(name, quote=False),
        '<a class="watch-live" href="/live">Watch Live</a>',
        "</header>",
        '<nav class="sections">',
        '<a href="/news">News</a> <a href="/weather">Weather</a> <a href="/sports">Sports</a> <a href="/health">Health</a> <a href="/community">Community</a> <a href="/contests">Contests</a>',
        "</nav>",
        '<main class="story">',
    ]
    after = [
        "</main>",
        '<footer class="station-footer">',
        '<p><a href="/apps">Get our app</a> | <a href="/newsletters">Newsletters</a> | <a href="/contact">Contact the newsroom</a> | <a href="/fcc">Public file</a></p>',
        '<p>&copy; %s. All rights reserved.</p>' % html.escape(name, quote=False),
        "</footer>",
        '<script src="/assets/player.js"></script>',
        "</body>",
        "</html>",
    ]
    return before, after


# ---------------------------------------------------------------- style i
def insurer(meta):
    title = meta["title"]
    slug = meta["slug"]
    before = _head("en-US", title, "Meridian Mutual Wellness Hub",
                   "https://wellness.meridianmutual.example.com/blog/%s" % slug,
                   "/css/wellness-hub.css")
    before += [
        "<body>",
        '<header class="hub-header">',
        '<a href="/" class="hub-logo">Meridian Mutual <span>Wellness Hub</span></a>',
        '<ul class="hub-nav">',
        '<li><a href="/blog">Blog</a></li>',
        '<li><a href="/challenges">Challenges</a></li>',
        '<li><a href="/rewards">Rewards</a></li>',
        '<li><a href="/find-care">Find care</a></li>',
        '<li><a class="login" href="https://members.meridianmutual.example.com/login">Member log in</a></li>',
        "</ul>",
        "</header>",
        '<main class="post">',
    ]
    after = [
        "</main>",
        '<footer class="hub-footer">',
        '<p><a href="/legal">Legal</a> &middot; <a href="/privacy">Privacy</a> &middot; <a href="/nondiscrimination">Nondiscrimination notice</a> &middot; <a href="/language-help">Language assistance</a></p>',
        "<p>Meridian Mutual Health Plans. Coverage varies by plan and state.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return before, after


# ---------------------------------------------------------------- style p
def clinic(meta):
    title = meta["title"]
    slug = meta["slug"]
    before = _head("en-GB", title, "Brookfield Family Paediatrics",
                   "https://www.brookfieldpaeds.example.net/handouts/%s" % slug,
                   "/css/clinic.css",
                   ['<link rel="stylesheet" media="print" href="/css/print-handout.css">'])
    before += [
        "<body>",
        '<header class="clinic-header">',
        '<a href="/"><img src="/img/brookfield-logo.png" alt="Brookfield Family Paediatrics"></a>',
        '<p class="phone">Appointments: 01632 960 214 | After hours: 111</p>',
        "</header>",
        '<nav class="clinic-nav">',
        '<a href="/our-team">Our team</a> <a href="/appointments">Appointments</a> <a href="/handouts">Parent handouts</a> <a href="/vaccinations">Vaccinations</a> <a href="/find-us">Find us</a>',
        "</nav>",
        '<main class="handout">',
    ]
    after = [
        "</main>",
        '<footer class="clinic-footer">',
        '<p>Brookfield Family Paediatrics, 18 Orchard Row, Brookfield. <a href="/privacy">Privacy notice</a> | <a href="/complaints">Feedback and complaints</a></p>',
        "</footer>",
        "</body>",
        "</html>",
    ]
    return before, after


TEMPLATES = {
    "gov_au": gov_au,
    "gov_ca": gov_ca,
    "charity": charity,
    "station": station,
    "insurer": insurer,
    "clinic": clinic,
}


def wrap(name, meta):
    return TEMPLATES[name](meta)
