"""The spelling check: unknown words and words run together, on real corpus text and edge cases."""
from __future__ import annotations

from pathlib import Path


from healthlint.core.config import Config
from healthlint.run.engine import lint_file
from conftest import CORPUS

CONFIG = Config(select=["spelling"])


def findings(path, rule=None):
    result = lint_file(str(path), CONFIG)
    found = [f for a in result.articles for f in a.findings]
    return [f for f in found if rule is None or f.rule == rule]


def lint_text(tmp_path, body: str, rule=None):
    path = tmp_path / "article.md"
    path.write_text("# Back pain\n\n" + body + "\n", encoding="utf-8")
    return findings(path, rule)


def words(found):
    return [f.data.get("word") for f in found]


def test_medical_words_pass(tmp_path):
    text = ("Spondylolisthesis, piriformis syndrome, fibromyalgia and a neurofibroma are treated differently. "
            "Clopidogrel and esomeprazole interact. A voiding cystourethrogram shows reflux.")
    assert lint_text(tmp_path, text) == []


def test_slips_are_found_with_suggestions(tmp_path):
    found = lint_text(tmp_path, "Take your medicaitons with food. Blood sugar ocntrols matter.", "spelling/unknown-word")
    assert words(found) == ["medicaitons", "ocntrols"]
    assert found[0].message == "Unknown word 'medicaitons'; did you mean 'medications'?"
    assert found[1].suggestion == "controls"


def test_lost_apostrophe(tmp_path):
    found = lint_text(tmp_path, "They dont know why the treatment isnt working.", "spelling/unknown-word")
    assert sorted(f.suggestion for f in found) == ["don't", "isn't"]


def test_names_acronyms_urls_units_and_defined_terms_skipped(tmp_path):
    text = ("Dr. Oyelaran of Woodbridge says NSAIDs help. See https://example.org/qwxyzpage or mail "
            "info@qwxyz.org. Take 5mg twice. A glorbectomy (a surgery to remove a gland) is rare. "
            "Capillaries (KAP-ih-lare-ees) are small. COVID19 spreads.")
    assert lint_text(tmp_path, text) == []


def test_correct_compounds_not_joined(tmp_path):
    text = "Nonsmokers have a spongelike tissue that is reinfused; nonprogressive forms are common."
    assert lint_text(tmp_path, text) == []


def test_joined_words(tmp_path):
    found = lint_text(tmp_path, "A radiologista doctor reads the images. Pain in the abdomenthe stomach.",
                      "spelling/joined-words")
    assert sorted(f.suggestion for f in found) == ["abdomen the", "radiologist a"]


def test_seed_artikels_found():
    found = findings(CORPUS / "farm" / "tag-spinal-pain.txt", "spelling/unknown-word")
    assert any(f.start_line == 228 and f.data["word"] == "Artikels" for f in found)


def test_medquad_real_positive_and_negative():
    found = findings(CORPUS / "medquad" / "ninds-0000105.md", "spelling/unknown-word")
    assert {"ocntrols", "medicaitons"} <= set(words(found))
    joined = findings(CORPUS / "medquad" / "niddk-0000216.txt", "spelling/joined-words")
    assert any(f.data["word"] == "radiologista" for f in joined)
    assert findings(CORPUS / "medquad" / "cdc-0000364.html") == []


def test_house_dictionary(tmp_path):
    policy = tmp_path / "policy"
    (policy / "vocabulary").mkdir(parents=True)
    src = Path(__file__).resolve().parents[1] / "checks" / "spelling.toml"
    (policy / "spelling.toml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (policy / "vocabulary" / "house.txt").write_text("glorbozine\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("# T\n\nTake glorbozine daily.\n", encoding="utf-8")
    result = lint_file(str(article), Config(select=["spelling"], policy_dir=policy))
    assert [f for a in result.articles for f in a.findings] == []


def test_without_debian_dictionary(tmp_path, monkeypatch):
    from healthlint.language import vocabulary

    monkeypatch.setattr(vocabulary, "HUNSPELL_DIRS", ())
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    vocabulary.load.cache_clear()
    try:
        vocab = vocabulary.load()
        assert vocab.zipf("fibromyalgia") > 0  # wordfreq still knows common medical words
        assert not vocab.is_medical("cystourethrogram")
        found = lint_text(tmp_path, "Take your medicaitons daily.", "spelling/unknown-word")
        assert words(found) == ["medicaitons"]
    finally:
        vocabulary.load.cache_clear()


def test_drug_names_by_inn_stem_and_supplement_compounds(tmp_path):
    text = ("Suvorexant helps some people sleep. Rimegepant, erenumab, fremanezumab and galcanezumab treat "
            "migraine; everolimus and ridaforolimus are mTOR inhibitors. Brentuximab vedotin is an "
            "antibody-drug conjugate. Ginger has gingerol and olive oil has oleocanthal. Sauté the onions.")
    assert lint_text(tmp_path, text) == []


def test_slips_of_dictionary_words_that_end_like_drugs_are_still_slips(tmp_path):
    found = lint_text(tmp_path, "Keep your chloesterol low and take proppranolol as told.", "spelling/unknown-word")
    assert sorted(words(found)) == ["chloesterol", "proppranolol"]


def test_compound_of_a_slip_is_still_a_slip(tmp_path):
    found = lint_text(tmp_path, "It proovides cotrol of the organss.", "spelling/unknown-word")
    assert sorted(words(found)) == ["cotrol", "organss", "proovides"]
    assert {f.data["word"]: f.suggestion for f in found}["organss"] == "organs"


def test_gene_names_and_pronunciation_guides_skipped(tmp_path):
    text = ("HER2/neu positive tumors grow fast. A curved spine is called scoliosis (sco-le-O-sis). "
            "Staphylococcus aureus [staff\u2212u\u2212lu\u2212kaw\u2212kus aw\u2212ree\u2212us] is common.")
    assert lint_text(tmp_path, text) == []


def test_medical_word_list_ships_with_credit():
    from healthlint.language.vocabulary import PACKAGED_MEDICAL, packaged_medical_words
    import gzip

    words_ = packaged_medical_words()
    assert len(words_) > 500 and "zygomatic" in words_
    header = gzip.open(PACKAGED_MEDICAL, "rt", encoding="utf-8").read(600)
    assert "MedQuAD" in header and "CC BY 4.0" in header


def test_slip_before_a_parenthesis_is_not_a_defined_term(tmp_path):
    found = lint_text(tmp_path, "Respiratory distress synrdome (RDS) is common. Plaque (plak) builds up.",
                      "spelling/unknown-word")
    assert words(found) == ["synrdome"] and found[0].suggestion == "syndrome"


def test_medical_word_formation_without_debian_dictionary(tmp_path, monkeypatch):
    """Terms built from known parts as medical terminology builds them are known even where Debian's
    medical dictionary is missing; slips of such terms are still slips."""
    from healthlint.language import vocabulary

    monkeypatch.setattr(vocabulary, "HUNSPELL_DIRS", ())
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    vocabulary.load.cache_clear()
    try:
        text = ("## Paget's Disease of Bone\n\nThe surgeon used a ureteroscope. After a proctocolectomy with an ileoanal "
                "pouch, pouchitis may follow. A quadrantectomy removes part of the breast. Plasminogen "
                "inactivators were studied. See a urogynecologist. May-Hegglin anomaly and Sturge-Weber syndrome are rare; a statin lowers cholesterol.\n\n"
                "Book a colonscopy and avoid pouchitus.")
        found = lint_text(tmp_path, text, "spelling/unknown-word")
        assert sorted(words(found)) == ["colonscopy", "pouchitus"]
    finally:
        vocabulary.load.cache_clear()
