"""Claims: appeals to research ("a study published in ... found", "research shows") that the
paragraph does not cite or link. Patterns and citation forms: checks/claims.toml.
"""
from __future__ import annotations


from ..core.findings import Rule
from ..language.nlp import sentences
from ..core.phrases import alternation
from ..core.registry import Check

UNSUPPORTED = Rule("claims/unsupported", "warning",
                   "A research claim (\"studies show\", \"a study found\") with no citation or link.", """## What it finds
A sentence that appeals to research ("a study published in the Journal of ... demonstrated",
"research shows", "studies have found", "according to experts", "clinically proven") in a
paragraph that has no link and no citation (a numbered reference "[2]" or "(2)", "et al.",
"(Smith, 2020)", a DOI, a PMID, a URL). A condition is not a claim: "When clinical trials show
that a new treatment is better, it may become the standard treatment".

## Why it matters
An unsourced "studies show" cannot be checked by the reader or the editor, and in generated
content the study is often misdescribed or invented. Health claims need their evidence.

## Example
"A study published in the Journal of Bone and Mineral Research demonstrated a correlation between
BMI and lumbar disc herniation."

## Fix
Link the study (or cite it: authors, journal, year), or soften the claim to what is known.

## Options
`claims.patterns`, `claims.citations` and `claims.not-claims` in `checks/claims.toml`.

## References
- AMA Manual of Style, 11th ed., chapter 3 (References).
- HONcode principle 4 (attribution), Health On the Net Foundation.
""")


class ClaimsCheck(Check):
    name = "claims"
    rules = (UNSUPPORTED,)

    def run(self, analysed, ctx) -> None:
        policy = ctx.policy.section("claims").get("claims", {})
        patterns = alternation(tuple(policy.get("patterns", [])))
        citations = alternation(tuple(policy.get("citations", [])))
        not_claims = alternation(tuple(policy.get("not-claims", [])))
        count = 0
        if patterns is None:
            return
        for block, doc in analysed.prose():
            if not patterns.search(block.text):
                continue
            if any(link.href or link.text for link in block.links) or (citations and citations.search(block.text)):
                continue
            # One finding per paragraph: the missing citation is the paragraph's.
            for sent in sentences(doc):
                text = block.text[sent.start_char:sent.end_char]
                match = patterns.search(text)
                if match is None or (not_claims is not None and not_claims.search(text)):
                    continue
                count += 1
                ctx.report(UNSUPPORTED.id,
                           f"Research claim ({match.group(0)!r}) with no citation or link in the paragraph",
                           block=block, span=(sent.start_char, sent.end_char),
                           suggestion="Link or cite the study, or soften the claim",
                           data={"claim": match.group(0)})
                break
        ctx.figures["unsupported"] = count


CHECK = ClaimsCheck()
