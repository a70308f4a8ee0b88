"""HTML site chrome for the six house styles of set 6.

Every template is a (head, foot) pair of plain strings. Placeholders are
{{TITLE}}, {{DESC}}, {{SLUG}}, {{DATE}}, {{SECTION}} and {{SECTIONSLUG}}; they are replaced by
str.replace, so the CSS braces need no escaping. The head always ends with
the line that opens <main>, the foot always begins with </main>. Every URL
is a relative path or an example.com / example.org / example.net host.
"""

HEAD_U = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{TITLE}} | Health Library | Northgate University Medical Centre</title>
<meta name="description" content="{{DESC}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="https://health.northgate.example.org/library/{{SLUG}}">
<link rel="stylesheet" href="/assets/css/library.css">
</head>
<body class="health-library">
<a class="skip" href="#content">Skip to main content</a>
<header class="site-header">
<div class="brand"><a href="/"><img src="/assets/img/ngumc-logo.svg" alt="Northgate University Medical Centre"></a></div>
<nav class="primary" aria-label="Primary">
<ul>
<li><a href="/find-a-doctor">Find a Doctor</a></li>
<li><a href="/locations">Locations</a></li>
<li><a href="/library">Health Library</a></li>
<li><a href="/research">Research</a></li>
<li><a href="/patients-visitors">Patients &amp; Visitors</a></li>
<li><a href="/give">Give</a></li>
</ul>
</nav>
<form class="search" action="/search"><input type="search" name="q" placeholder="Search conditions, doctors, clinics"></form>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/library">Health Library</a> &rsaquo; <a href="/library/{{SECTIONSLUG}}">{{SECTION}}</a></nav>
<main id="content" class="library-entry">"""

FOOT_U = """</main>
<footer class="site-footer">
<p>Northgate University Medical Centre &middot; 1200 College Avenue &middot; Main switchboard (617) 555-0100</p>
<p><a href="/about/nondiscrimination">Nondiscrimination notice</a> | <a href="/privacy">Privacy</a> | <a href="/accessibility">Accessibility</a> | <a href="/price-transparency">Price transparency</a></p>
<p>&copy; 2026 Northgate University Health. The Health Library is for general education and does not replace care from your own clinician.</p>
</footer>
</body>
</html>"""

HEAD_M = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{{TITLE}} - Wellness - Willow &amp; Pine</title>
<meta name="description" content="{{DESC}}">
<meta property="og:site_name" content="Willow &amp; Pine">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/wp-magazine.css">
</head>
<body class="article wellness">
<div class="promo-strip">Free delivery on print subscriptions this month &mdash; <a href="/subscribe">subscribe</a></div>
<header class="masthead">
<a class="logo" href="/">Willow &amp; Pine</a>
<nav class="sections">
<a href="/beauty">Beauty</a> <a href="/wellness" class="active">Wellness</a> <a href="/home">Home</a> <a href="/food">Food</a> <a href="/travel">Travel</a> <a href="/shop">Shop</a>
</nav>
</header>
<main class="story">"""

FOOT_M = """</main>
<footer class="mag-footer">
<p><a href="/about">About us</a> &middot; <a href="/contact">Contact</a> &middot; <a href="/advertise">Advertise</a> &middot; <a href="/privacy">Privacy</a> &middot; <a href="/cookies">Cookie settings</a></p>
<p>Willow &amp; Pine is published by Larchmont Press Ltd. Health content is for information only and is not a substitute for advice from your GP.</p>
</footer>
</body>
</html>"""

HEAD_W = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="UTF-8">
<title>{{TITLE}} - CommonHealth Wiki</title>
<meta name="description" content="{{DESC}}">
<link rel="stylesheet" href="/w/skins/commonhealth.css">
<link rel="license" href="/wiki/CommonHealth:Licence">
</head>
<body class="page-{{SLUG}} ns-0">
<div id="sidebar">
<a href="/wiki/Main_Page" class="wiki-logo">CommonHealth Wiki</a>
<ul>
<li><a href="/wiki/Main_Page">Main page</a></li>
<li><a href="/wiki/Special:Random">Random entry</a></li>
<li><a href="/wiki/Special:RecentChanges">Recent changes</a></li>
<li><a href="/wiki/Help:Contents">Help</a></li>
<li><a href="/wiki/CommonHealth:Community_portal">Community portal</a></li>
</ul>
</div>
<div id="page-tabs"><a href="/wiki/{{SLUG}}">Entry</a> | <a href="/wiki/Talk:{{SLUG}}">Talk</a> | <a href="/w/index.php?title={{SLUG}}&amp;action=edit">Edit</a> | <a href="/w/index.php?title={{SLUG}}&amp;action=history">View history</a></div>
<main id="content" class="wiki-entry">"""

FOOT_W = """</main>
<div id="footer">
<p>This page was last edited on {{DATE}}.</p>
<p>Text is available under the CommonHealth Share-Alike licence. CommonHealth Wiki is written by volunteers and is not medical advice.</p>
<p><a href="/wiki/CommonHealth:Privacy">Privacy policy</a> &middot; <a href="/wiki/CommonHealth:About">About CommonHealth</a> &middot; <a href="/wiki/CommonHealth:Disclaimers">Disclaimers</a></p>
</div>
</body>
</html>"""

HEAD_S = """<!DOCTYPE html>
<html lang="en-AU">
<head>
<meta charset="utf-8">
<title>{{TITLE}} | Tideline Endurance Coaching</title>
<meta name="description" content="{{DESC}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/css/tideline.css">
</head>
<body class="post injuries">
<header class="top">
<a class="logo" href="/">TIDELINE<span>endurance coaching</span></a>
<nav>
<a href="/plans">Training plans</a> | <a href="/coaching">1:1 coaching</a> | <a href="/injury-hub">Injury hub</a> | <a href="/club">Club</a> | <a href="/races">Race calendar</a> | <a href="/shop">Shop</a>
</nav>
<a class="cta" href="/plans/free-trial">Start a 14-day free plan</a>
</header>
<main class="post-body">"""

FOOT_S = """</main>
<footer class="bottom">
<p>Tideline Endurance Coaching Pty Ltd &middot; Coaching enquiries 0491 570 110 &middot; <a href="mailto:coach@tideline.example.net">coach@tideline.example.net</a></p>
<p>Our articles are general training information. See a doctor or physiotherapist for diagnosis and treatment of any injury.</p>
<p><a href="/terms">Terms</a> | <a href="/privacy">Privacy</a> | <a href="/refunds">Plan refunds</a></p>
</footer>
</body>
</html>"""

HEAD_N = """<!DOCTYPE html>
<html lang="en-CA">
<head>
<meta charset="utf-8">
<title>Patient Teaching Sheet: {{TITLE}} | Riverbend Health Nursing Education</title>
<meta name="description" content="{{DESC}}">
<link rel="stylesheet" href="/nursing-ed/css/teaching-sheet.css">
<link rel="stylesheet" href="/nursing-ed/css/print.css" media="print">
</head>
<body class="teaching-sheet">
<header class="ed-header">
<img src="/nursing-ed/img/riverbend-mark.png" alt="Riverbend Health">
<span class="unit">Department of Nursing Practice &amp; Education</span>
<nav><a href="/nursing-ed/">Education home</a> | <a href="/nursing-ed/sheets/">All teaching sheets</a> | <a href="/nursing-ed/ce/">Continuing education</a> | <a href="/nursing-ed/translations/">Translations</a></nav>
</header>
<main class="sheet">"""

FOOT_N = """</main>
<footer class="ed-footer">
<p>Riverbend Health, Department of Nursing Practice &amp; Education. For use by Riverbend staff with patients and families. Not a substitute for individual assessment.</p>
<p><a href="/nursing-ed/feedback">Send feedback on this sheet</a> | <a href="/nursing-ed/accessibility">Accessible formats</a></p>
</footer>
</body>
</html>"""

HEAD_Q = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{TITLE}} - PatientCircle Forums</title>
<meta name="description" content="{{DESC}}">
<link rel="stylesheet" href="/forum/styles/circle.css">
</head>
<body class="thread-view">
<div class="cookie-bar">We use cookies to keep you signed in and to count visits. <a href="/forum/cookies">Cookie policy</a> <button>OK</button></div>
<header class="forum-top">
<a class="logo" href="/forum/">PatientCircle</a>
<nav><a href="/forum/">Forums</a> | <a href="/forum/new">New posts</a> | <a href="/forum/search">Search</a> | <a href="/forum/login">Log in</a> | <a href="/forum/register">Register</a></nav>
</header>
<div class="crumbs"><a href="/forum/">Forums</a> &raquo; <a href="/forum/{{SECTIONSLUG}}">{{SECTION}}</a> &raquo; Thread</div>
<main class="thread">"""

FOOT_Q = """</main>
<footer class="forum-foot">
<p>PatientCircle is a peer support community. Posts are the views of members, not medical advice. In an emergency call your local emergency number.</p>
<p><a href="/forum/rules">Community rules</a> | <a href="/forum/contact">Contact moderators</a> | <a href="/forum/privacy">Privacy</a></p>
</footer>
</body>
</html>"""

import re  # noqa: E402

TEMPLATES = {
    "u": (HEAD_U, FOOT_U),
    "m": (HEAD_M, FOOT_M),
    "w": (HEAD_W, FOOT_W),
    "s": (HEAD_S, FOOT_S),
    "n": (HEAD_N, FOOT_N),
    "q": (HEAD_Q, FOOT_Q),
}


def chrome(style, meta):
    """Return (head_lines, foot_lines) for a style with placeholders filled."""
    head, foot = TEMPLATES[style]
    values = {
        "{{TITLE}}": meta.get("title", ""),
        "{{DESC}}": meta.get("desc", ""),
        "{{SLUG}}": meta.get("slug", ""),
        "{{DATE}}": meta.get("date", ""),
        "{{SECTION}}": meta.get("section", ""),
        "{{SECTIONSLUG}}": re.sub(r"[^a-z0-9]+", "-", meta.get("section", "").lower()).strip("-"),
    }
    for key, val in values.items():
        head = head.replace(key, val)
        foot = foot.replace(key, val)
    return head.split("\n"), foot.split("\n")
