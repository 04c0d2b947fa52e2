"""Georgian names, places and streets, and their Latin forms.

Latin forms follow the Georgian national romanisation system (2002), the one used on Georgian ID
cards and passports, so that the portal can show the same transliteration a citizen sees on their
own documents.
"""

from __future__ import annotations

_ROMANISATION = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t", "ი": "i",
    "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh", "რ": "r", "ს": "s",
    "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q", "შ": "sh", "ჩ": "ch", "ც": "ts",
    "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh", "ჯ": "j", "ჰ": "h",
}  # fmt: skip


def romanise(text: str) -> str:
    """Latin form of Georgian text; each word starts with a capital, as on an ID card."""
    latin = "".join(_ROMANISATION.get(char, char) for char in text)
    return "-".join(
        " ".join(word[:1].upper() + word[1:] for word in part.split(" ")) for part in latin.split("-")
    )


MALE_NAMES = (
    "გიორგი", "დავით", "ლევან", "ირაკლი", "ზურაბ", "ნიკოლოზ", "ალექსანდრე", "ლუკა", "გიგა", "თორნიკე",
    "ბექა", "სანდრო", "დიმიტრი", "ვახტანგ", "თემურ", "ლაშა", "შოთა", "მამუკა", "გელა", "ოთარ",
    "რევაზ", "ტარიელ", "ნოდარ", "ზაზა", "კახა", "ბაჩო", "ილია", "მერაბ", "გურამ", "ჯაბა",
)  # fmt: skip
FEMALE_NAMES = (
    "ნინო", "მარიამ", "თამარ", "ანა", "ეკატერინე", "ნათია", "სალომე", "მაკა", "ქეთევან", "ელენე",
    "თეონა", "ლიკა", "ნანა", "მზია", "ლია", "ხათუნა", "ეთერ", "ნესტან", "დარეჯან", "ია",
    "ნატო", "ბარბარე", "ელისაბედ", "სოფიო", "თინათინ", "ცირა", "ლელა", "მანანა", "ირმა", "ქრისტინე",
)  # fmt: skip
SURNAMES = (
    "ბერიძე", "კაპანაძე", "გელაშვილი", "მაისურაძე", "ლომიძე", "წიკლაური", "ჯაფარიძე", "ხარაიშვილი",
    "გიორგაძე", "ბაღდავაძე", "ნოზაძე", "მამულაშვილი", "კვარაცხელია", "ჩიქოვანი", "დოლიძე", "ტაბატაძე",
    "გოგოლაძე", "ხუციშვილი", "ქავთარაძე", "ჭავჭავაძე", "მესხი", "ბაქრაძე", "ცინცაძე", "შენგელია",
    "ჯანელიძე", "გაბუნია", "ღლონტი", "ყიფიანი", "ძნელაძე", "ჰაჰაშვილი", "ვაჩნაძე", "ფხალაძე",
)  # fmt: skip

CITIES = (
    "თბილისი", "თბილისი", "თბილისი", "ქუთაისი", "ბათუმი", "რუსთავი", "გორი", "ზუგდიდი", "თელავი",
    "ფოთი", "ხაშური", "სამტრედია", "ზესტაფონი", "მცხეთა", "ახალციხე", "ოზურგეთი",
)  # fmt: skip

# Streets with their customary English names ("Avenue", "Street"), not a letter-by-letter form.
STREETS = (
    ("რუსთაველის გამზირი", "Rustaveli Avenue"),
    ("ჭავჭავაძის გამზირი", "Chavchavadze Avenue"),
    ("აღმაშენებლის გამზირი", "Aghmashenebeli Avenue"),
    ("ვაჟა-ფშაველას გამზირი", "Vazha-Pshavela Avenue"),
    ("წერეთლის გამზირი", "Tsereteli Avenue"),
    ("პეკინის ქუჩა", "Pekini Street"),
    ("კოსტავას ქუჩა", "Kostava Street"),
    ("გორგასლის ქუჩა", "Gorgasali Street"),
    ("ბახტრიონის ქუჩა", "Bakhtrioni Street"),
    ("ნინოშვილის ქუჩა", "Ninoshvili Street"),
    ("ჭანტურიას ქუჩა", "Chanturia Street"),
    ("თამარ მეფის ქუჩა", "Tamar Mepe Street"),
    ("გამსახურდიას ქუჩა", "Gamsakhurdia Street"),
    ("ბარათაშვილის ქუჩა", "Baratashvili Street"),
    ("მელიქიშვილის ქუჩა", "Melikishvili Street"),
    ("ერეკლე II-ის ქუჩა", "Erekle II Street"),
)

BANKS = (
    ("სს „მთაწმინდა ბანკი“", "Mtatsminda Bank JSC"),
    ("სს „ალაზანი ბანკი“", "Alazani Bank JSC"),
    ("სს „რიონი კრედიტი“", "Rioni Credit JSC"),
    ("მისო „სწრაფი სესხი“", "Swift Loan MFO"),
)  # invented lenders: the demo must not name real banks as creditors of invented people


def bilingual(ka: str, en: str | None = None) -> dict[str, str]:
    """A text in both UI languages; the Latin form is romanised when no English is given."""
    return {"ka": ka, "en": romanise(ka) if en is None else en}
