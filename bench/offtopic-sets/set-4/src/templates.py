# Site chrome for the HTML articles. "{body}" must sit alone on its own line.
TEMPLATES = {}

TEMPLATES["riverbend"] = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>{title} | Riverbend Health</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{desc}">
<link rel="stylesheet" href="/assets/css/site.css">
</head>
<body>
<header class="site-header">
<a class="logo" href="/">Riverbend Health</a>
<nav aria-label="Main">
<ul>
<li><a href="/find-a-doctor">Find a Doctor</a></li>
<li><a href="/locations">Locations</a></li>
<li><a href="/conditions">Conditions &amp; Treatments</a></li>
<li><a href="/portal">Patient Portal</a></li>
<li><a href="/billing">Pay My Bill</a></li>
</ul>
</nav>
</header>
<main id="content">
{body}
</main>
<footer class="site-footer">
<p>Riverbend Health &middot; 1200 Alder Parkway, Riverbend &middot; 555-0142</p>
<ul>
<li><a href="/privacy">Privacy Policy</a></li>
<li><a href="/nondiscrimination">Nondiscrimination Notice</a></li>
<li><a href="/price-transparency">Price Transparency</a></li>
</ul>
<p>&copy; 2026 Riverbend Health. All rights reserved.</p>
</footer>
</body>
</html>"""

TEMPLATES["lakeshore"] = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - Lakeshore Medical Center</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{desc}">
<link rel="canonical" href="https://www.lakeshoremed.example.org/health-library/">
<link rel="stylesheet" href="/static/lmc.min.css">
</head>
<body class="health-library">
<a class="skip-link" href="#main">Skip to content</a>
<nav class="topbar" aria-label="Utility">
<a href="/">Lakeshore Medical Center</a> |
<a href="/appointments">Request an Appointment</a> |
<a href="/careers">Careers</a> |
<a href="/donate">Give</a> |
<a href="/es">Español</a>
</nav>
<nav class="breadcrumb" aria-label="Breadcrumb">
<a href="/">Home</a> &rsaquo; <a href="/health-library">Health Library</a> &rsaquo; <span>{title}</span>
</nav>
<main id="main">
{body}
</main>
<footer>
<p>Lakeshore Medical Center is a nonprofit academic health system. Information in the Health Library is for education only and does not replace advice from your own clinician.</p>
<p><a href="/contact">Contact Us</a> &middot; <a href="/accessibility">Accessibility</a> &middot; <a href="/privacy">Notice of Privacy Practices</a> &middot; <a href="/terms">Terms of Use</a></p>
<p>&copy; 2026 Lakeshore Medical Center</p>
</footer>
<script src="/static/lmc.min.js" defer></script>
</body>
</html>"""

TEMPLATES["chis"] = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title} - Community Health Information Service</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{desc}">
<link rel="stylesheet" href="/css/chis-frontend.css">
</head>
<body>
<div class="cookie-banner" role="region" aria-label="Cookies on this website">
<p>We use some essential cookies to make this website work. We would also like to use analytics cookies to understand how you use the site. <a href="/cookies">Cookie settings</a></p>
</div>
<a class="skip-link" href="#maincontent">Skip to main content</a>
<header>
<a class="chis-logo" href="/">Community Health Information Service</a>
<nav aria-label="Primary navigation">
<ul>
<li><a href="/conditions">Health A to Z</a></li>
<li><a href="/live-well">Live well</a></li>
<li><a href="/mental-health">Mental health</a></li>
<li><a href="/care-and-support">Care and support</a></li>
<li><a href="/service-search">Services near you</a></li>
</ul>
</nav>
</header>
<main id="maincontent">
{body}
</main>
<footer>
<ul>
<li><a href="/about">About us</a></li>
<li><a href="/accessibility">Accessibility statement</a></li>
<li><a href="/our-policies">Our policies</a></li>
<li><a href="/cookies">Cookies</a></li>
</ul>
<p>&copy; Community Health Information Service</p>
</footer>
</body>
</html>"""

TEMPLATES["courier"] = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Harbor City Courier</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{desc}">
<meta property="og:site_name" content="The Harbor City Courier">
<link rel="stylesheet" href="/css/courier-2026.css">
</head>
<body class="article-page">
<header class="masthead">
<a class="wordmark" href="/">The Harbor City Courier</a>
<nav aria-label="Sections">
<a href="/news">News</a>
<a href="/health">Health</a>
<a href="/business">Business</a>
<a href="/sports">Sports</a>
<a href="/opinion">Opinion</a>
<a href="/subscribe" class="btn">Subscribe</a>
</nav>
</header>
<main>
{body}
</main>
<footer class="site-footer">
<p><a href="/about">About the Courier</a> | <a href="/corrections">Corrections</a> | <a href="/ethics">Ethics policy</a> | <a href="/contact">Contact the newsroom</a></p>
<p>&copy; 2026 Harbor City Courier Media Co.</p>
</footer>
</body>
</html>"""

TEMPLATES["metrowire"] = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} — MetroWire</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{desc}">
<link rel="stylesheet" href="https://cdn.metrowire.example.net/css/main.css">
</head>
<body>
<nav class="mw-nav" aria-label="Main">
<a class="mw-logo" href="https://www.metrowire.example.net/">MetroWire</a>
<ul>
<li><a href="/us">U.S.</a></li>
<li><a href="/world">World</a></li>
<li><a href="/health">Health</a></li>
<li><a href="/science">Science</a></li>
<li><a href="/video">Video</a></li>
</ul>
</nav>
<main class="mw-article">
{body}
</main>
<footer class="mw-footer">
<p>MetroWire &middot; <a href="/terms">Terms</a> &middot; <a href="/privacy">Privacy</a> &middot; <a href="/ad-choices">Ad Choices</a> &middot; <a href="/newsletters">Newsletters</a></p>
<p>&copy; 2026 MetroWire Inc. All rights reserved.</p>
</footer>
</body>
</html>"""

TEMPLATES["wellnest"] = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>{title} | Wellnest</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{desc}">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="stylesheet" href="/wp-content/themes/wellnest/style.css">
</head>
<body class="post-template-default single">
<header class="site-header">
<a class="brand" href="/">Wellnest</a>
<nav class="menu" aria-label="Main menu">
<ul>
<li><a href="/category/travel-health/">Travel Health</a></li>
<li><a href="/category/sleep/">Sleep</a></li>
<li><a href="/category/nutrition/">Nutrition</a></li>
<li><a href="/reviews/">Reviews</a></li>
<li><a href="/about/">About</a></li>
</ul>
</nav>
</header>
<main class="site-main">
{body}
</main>
<footer class="site-footer">
<p>Wellnest is reader-supported. When you buy through links on our site, we may earn an affiliate commission. <a href="/disclosure/">Learn more</a>.</p>
<p><a href="/privacy-policy/">Privacy</a> | <a href="/editorial-policy/">Editorial policy</a> | <a href="/contact/">Contact</a></p>
<p>&copy; 2026 Wellnest Media</p>
</footer>
</body>
</html>"""
