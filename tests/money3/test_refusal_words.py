"""The cashier's words for the new refusal, in English and in Russian (the compiled .qm)."""

from __future__ import annotations

from ui.i18n import install_language, remove_language
from ui.refusal_words import refusal_text


def test_shop_credit_is_a_sentence_in_english_and_russian(qapp):
    assert refusal_text("shop_credit") == "Shop's credit with the operator used up"
    translator = install_language("ru")
    try:
        assert refusal_text("shop_credit") == "Кредит магазина у оператора исчерпан"
    finally:
        remove_language(translator)
