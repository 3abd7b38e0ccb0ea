"""An article's language as one code, whatever wrote it: `en`, not `ENGLISH`, `English`, `Englisch`, `en-US`.

Each source names languages its own way: a web page's `lang` is a BCP 47 tag (`en-US`, `pt-BR`), `og:locale`
a POSIX one (`en_US`), Factiva a code of its own (`en`, `zhcn`) or, in its header, the interface's word for the
language (`Englisch`, `英文`), Nexis an upper-case English name (`ENGLISH`). The archive keeps the ISO 639-1
code, so that one facet, one filter and one CSV column serve every source; a name this table does not know is
kept as written rather than guessed.
"""

from __future__ import annotations

import re
from typing import Final

_TAG = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*")
"""A language tag: its primary language and any region, script or variant after it."""

_NAMES: Final[dict[str, str]] = {
    "en": "english|englisch|anglais|inglés|ingles|inglese|inglês|engels|engelsk|英文|英語|英语|английский",
    "de": "german|deutsch|allemand|alemán|aleman|tedesco|alemão|duits|tysk|德文|德语|ドイツ語|немецкий",
    "fr": "french|französisch|francais|français|francés|frances|francese|"
    "francês|frans|fransk|法文|法语|フランス語|французский",
    "es": "spanish|spanisch|espagnol|español|espanol|spagnolo|"
    "espanhol|spaans|spansk|西班牙文|西班牙语|スペイン語|испанский",
    "it": "italian|italienisch|italien|italiano|italiaans|italiensk|意大利文|意大利语|イタリア語|итальянский",
    "pt": "portuguese|portugiesisch|portugais|portugués|portugues|portoghese|"
    "português|portugees|葡萄牙文|葡萄牙语|ポルトガル語|португальский",
    "nl": "dutch|niederländisch|néerlandais|neerlandais|neerlandés|olandese|holandês|nederlands|荷兰文|オランダ語",
    "ru": "russian|russisch|russe|ruso|russo|russisk|русский|俄文|俄语|ロシア語",
    "zh": "chinese|chinesisch|chinois|chino|cinese|chinês|chinees|kinesisk|中文|汉语|中国語|китайский|zhcn|zhtw",
    "ja": "japanese|japanisch|japonais|japonés|giapponese|japonês|japans|日文|日语|日本語|японский",
    "ar": "arabic|arabisch|arabe|árabe|arabo|arabisk|阿拉伯文|アラビア語|арабский",
    "ko": "korean|koreanisch|coréen|coreano|koreaans|韩文|韩语|韓国語|корейский",
    "sv": "swedish|schwedisch|suédois|sueco|svedese|zweeds|svensk|svenska",
    "da": "danish|dänisch|danois|danés|danese|deens|dansk",
    "no": "norwegian|norwegisch|norvégien|noruego|norvegese|noors|norsk",
    "fi": "finnish|finnisch|finnois|finlandés|finlandese|fins|suomi",
    "pl": "polish|polnisch|polonais|polaco|polacco|pools|polski",
    "tr": "turkish|türkisch|turc|turco|turks|türkçe",
    "el": "greek|griechisch|grec|griego|greco|grieks|ελληνικά",
    "he": "hebrew|hebräisch|hébreu|hebreo|ebraico|עברית",
    "uk": "ukrainian|ukrainisch|ukrainien|ucraniano|ucraino|українська",
    "cs": "czech|tschechisch|tchèque|checo|ceco|čeština",
    "hu": "hungarian|ungarisch|hongrois|húngaro|ungherese|magyar",
    "ro": "romanian|rumänisch|roumain|rumano|rumeno|română",
    "hi": "hindi",
    "id": "indonesian|indonesisch|indonésien|indonesio|bahasa indonesia",
    "vi": "vietnamese|vietnamesisch|vietnamien|vietnamita|tiếng việt",
    "th": "thai|thailändisch|thaï|tailandés|ไทย",
    "fa": "persian|farsi|persisch|persan|persa|فارسی",
}
"""Each language's names, `|` between them: in English, in the interface languages of Factiva and Nexis, in
its own script, and the codes of its own some databases use (`zhcn`)."""

_CODE_OF: Final = {name: code for code, names in _NAMES.items() for name in names.split("|")}

_THREE_LETTER_PAIRS: Final = (
    "eng:en deu:de ger:de fra:fr fre:fr spa:es ita:it por:pt nld:nl dut:nl rus:ru zho:zh chi:zh jpn:ja ara:ar "
    "kor:ko swe:sv dan:da nor:no nob:no nno:no fin:fi pol:pl tur:tr ell:el gre:el heb:he ukr:uk ces:cs cze:cs "
    "hun:hu ron:ro rum:ro hin:hi ind:id vie:vi tha:th fas:fa per:fa"
)
_THREE_LETTERS: Final = dict(pair.split(":") for pair in _THREE_LETTER_PAIRS.split())
"""ISO 639-2 codes (`eng`, `ger`), as library catalogues and some feeds write them, of the languages above."""

_OLD_CODES: Final = {"iw": "he", "in": "id", "ji": "yi", "nb": "no", "nn": "no"}
"""Codes ISO has since replaced, still sent by older systems, and the two written Norwegians."""

UNDETERMINED: Final = "und"
"""BCP 47's "language not known": the same as no language stated."""


def language_code(text: str | None) -> str | None:
    """The ISO 639-1 code for a language as a source wrote it; the text itself when it names none we know."""
    written = " ".join((text or "").split())
    folded = written.casefold()
    if not folded or folded == UNDETERMINED:
        return None
    if folded in _CODE_OF:
        return _CODE_OF[folded]
    tag = _TAG.fullmatch(folded)
    if tag is None:
        return written
    primary = tag[1]
    if primary == UNDETERMINED:
        return None
    return _OLD_CODES.get(primary, primary) if len(primary) == 2 else _THREE_LETTERS.get(primary, primary)
