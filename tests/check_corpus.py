# ruff: noqa: E501  (prose test data)
"""The checks' own test set: three statements with careful translations, and mistakes.

The first statement is the bundled one (``translations/icssi-palestine-solidarity``); the
other two were written for this set, with a link, hashtags, an e-mail address, percentages,
dates and numbers in words. Each has a translation into Arabic, Sorani and Kurmanji made to
be correct (what a careful volunteer would approve). ``MISTAKES`` are realistic slips, each
made by changing one correct translation: a wrong number, month or day, a number or ordinal
in words changed, a dropped "not", a dropped sentence, a word left in English, Persian
letters in Arabic, Kurmanji typed without its letters, a changed hashtag, address or link, a
glossary term replaced. ``bench/checks_bench.py`` reports what the checks find on both and
``tests/test_quality.py`` holds the checks to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from .seed_translations import AR as _SEED_AR

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "translations" / "icssi-palestine-solidarity"


def bundled_sources() -> list[str]:
    """The bundled statement's units, in order."""
    catalog = polib.pofile(str(BUNDLED / "ar.po"))
    return [entry.msgid for entry in catalog if not entry.obsolete and entry.msgid]


# The test data's Arabic, with the sentence it joined to the one before split again.
_AR_1 = list(_SEED_AR)
_AR_1[2] = _AR_1[2].replace(
    "لتشغيل المستشفيات، ما جعل تقديم الرعاية الضرورية والمنقذة للحياة مستحيلاً.",
    "لتشغيل المستشفيات. وقد أدى ذلك إلى استحالة تقديم الرعاية الضرورية والمنقذة لحياة المرضى.",
)
assert _AR_1[2] != _SEED_AR[2]

STATEMENT_2 = [
    "Release Detained Journalists Now",
    "On 3 May, World Press Freedom Day, we call for the immediate release of the twelve journalists detained in Iraq since 15 March. None of them has been charged with a crime.",
    "According to the [2024 report](https://icssi.org/reports/press-2024) of the Iraqi Journalists Rights Defense Association, 40% of attacks on journalists took place in the Kurdistan Region, and more than 1.5 million people live in areas where independent media cannot work.",
    "Journalism is not a crime. Share this call with #FreeThePress and #JournalismIsNotACrime, and send statements of support to press@icssi.org before 1 June.",
    "Over the past three years, at least seven journalists have been killed and twenty-five injured. Half of these cases were never investigated.",
]

STATEMENT_3 = [
    "Water Is a Right, Not a Privilege",
    "Since 1 July, temperatures in Basra have exceeded 50 degrees, and more than 2 million people in the southern provinces lack clean drinking water.",
    "Water flowing into the Tigris and Euphrates has fallen by 30 percent in four years. Thousands of farming families have already left their land, and UNICEF warns that three in five children in Basra do not have safe water at school.",
    "We call on the Iraqi government and neighbouring states to sign a fair water-sharing agreement by 22 March, World Water Day, and on donors to fund the repair of the 1,200 treatment plants that are out of service. Read our full demands at https://icssi.org/water and follow #WaterForIraq.",
]

TRANSLATIONS: dict[str, dict[str, list[str]]] = {
    "ar": {
        "icssi": _AR_1,
        "journalists": [
            "أطلقوا سراح الصحفيين المعتقلين الآن",
            "في ٣ أيار، اليوم العالمي لحرية الصحافة، ندعو إلى الإفراج الفوري عن الصحفيين الاثني عشر المعتقلين في العراق منذ ١٥ آذار. لم توجَّه إلى أيٍّ منهم تهمة بارتكاب جريمة.",
            "وبحسب [تقرير عام 2024](https://icssi.org/reports/press-2024) الصادر عن جمعية الدفاع عن حقوق الصحفيين العراقيين، وقع ٤٠٪ من الاعتداءات على الصحفيين في إقليم كردستان، ويعيش أكثر من ١٫٥ مليون شخص في مناطق لا يستطيع الإعلام المستقل العمل فيها.",
            "الصحافة ليست جريمة. شاركوا هذا النداء مع #FreeThePress و#JournalismIsNotACrime، وأرسلوا بيانات التضامن إلى press@icssi.org قبل ١ حزيران.",
            "خلال السنوات الثلاث الماضية، قُتل سبعة صحفيين على الأقل وأصيب خمسة وعشرون. ولم يُحقَّق قط في نصف هذه الحالات.",
        ],
        "water": [
            "الماء حق لا امتياز",
            "منذ ١ تموز، تجاوزت درجات الحرارة في البصرة ٥٠ درجة، ويفتقر أكثر من مليوني شخص في المحافظات الجنوبية إلى مياه الشرب النظيفة.",
            "انخفضت المياه المتدفقة في دجلة والفرات بنسبة ٣٠ في المئة خلال أربع سنوات. وقد غادرت آلاف العائلات الزراعية أراضيها بالفعل، وتحذّر اليونيسف من أن ثلاثة من كل خمسة أطفال في البصرة لا تتوفر لهم مياه آمنة في المدرسة.",
            "ندعو الحكومة العراقية ودول الجوار إلى توقيع اتفاقية عادلة لتقاسم المياه بحلول ٢٢ آذار، اليوم العالمي للمياه، وندعو المانحين إلى تمويل إصلاح ١٬٢٠٠ محطة معالجة متوقفة عن العمل. اقرأوا مطالبنا كاملة على https://icssi.org/water وتابعوا #WaterForIraq.",
        ],
    },
    "ckb": {
        "icssi": [
            "بەیاننامەی ICSSI بۆ هاوپشتی لەگەڵ فەلەستین",
            "ئێمە، دەستپێشخەریی هاوپشتیی کۆمەڵگەی مەدەنیی عێراق (ICSSI)، هاوپشتیی چەسپاوی خۆمان بۆ گەلی فەلەستین دەردەبڕین و داوای ئاگربەستی دەستبەجێ لە کەرتی غەززە دەکەین، هەروەها لابردنی ئەو گەمارۆیەی بەسەر ٢٫٢ ملیۆن فەلەستینیدا سەپێنراوە، و کۆتاییهێنان بە داگیرکاریی فەلەستین.",
            "لە ٧ی تشرینی یەکەمەوە پەرەسەندنێکی ترسناکی توندوتیژی لەبەرچاومان ڕوودەدات – پەرەسەندنێک کە ژیانی زیاتر لە ٨٠٠٠ فەلەستینی کردووەتە قوربانی، لەوانە زیاتر لە ٣٠٠٠ منداڵ – کە زیاترە لە کۆی ئەو منداڵانەی لە سێ ساڵی ڕابردوودا لە ململانێکانی سەرانسەری جیهاندا کوژراون. "
            "ئێمە شایەتی ئەو گەمارۆیە بووین کە بەسەر گەلی فەلەستیندا لە کەرتی غەززە سەپێنراوە (ناوچەیەک کە پێشتر بە گەورەترین زیندانی ئاوەڵای جیهان دادەنرا)، کە خەڵکی سڤیلی بێ ئاوی پاک و خۆراک هێشتووەتەوە. "
            "پزیشکانی کەرتی غەززە ئیدانەی داڕمانی سیستەمی تەندروستی و ژێرخان دەکەن، لەوانە کەمیی دەرمان و ستاف و سووتەمەنی بۆ ئەوەی نەخۆشخانەکان کار بکەن. "
            "ئەمەش وای کردووە کە پێشکەشکردنی چاودێریی پێویست و ڕزگارکەری ژیانی نەخۆشان مەحاڵ بێت. "
            "ژێرخانە سڤیلییە سەرەکییەکانیش کراونەتە ئامانج، وەک نەخۆشخانەی ئەهلیی عەرەبی، و تا ئەمڕۆ سەرچاوە فەرمییەکان ڕایدەگەیەنن کە پەنجا و سێ کارمەندی مرۆیی و سی و سێ ڕۆژنامەنووس کوژراون. "
            "لە کاتێکدا کۆمەڵگەی نێودەوڵەتی چاوی لەسەر کەرتەکەیە، داگیرکاریی ئیسرائیل هەڵمەتێکی دەستگیرکردنی بەکۆمەڵی لە کەناری ڕۆژئاوا و قودسی ڕۆژهەڵاتی داگیرکراودا دەستپێکردووە، هاوکات ڕێوشوێنە سەرکوتکەرەکانی دژی دیلە فەلەستینییەکان توندتر کردووە، کە زۆربەیان لە دەستبەسەرکردنی کارگێڕیدان. "
            "ڕۆژنامەنووسان و خەڵکی سڤیل لە کەرتی غەززە لە ڕێگەی تۆڕە کۆمەڵایەتییەکان و ڕۆژنامەکانەوە ڕەوشی سەر زەوییان ڕاگەیاندووە و داوایان لە کۆمەڵگەی نێودەوڵەتی کردووە هەڵوێست وەربگرێت دژی ئەو کردەوە جینۆسایدییانەی هێزەکانی داگیرکاریی ئیسرائیل ئەنجامی دەدەن. "
            "دەنگیان تا ٢٧ی تشرینی یەکەم دەبیسترا. "
            "لە ڕۆژی هەینی ٢٧ی تشرینی یەکەم، غەززە کەوتە پچڕانێکی تەواوی پەیوەندییەکان، لەگەڵ توندبوونەوەی هێرشە ئاسمانی و زەمینییەکان لە ناوچەکانی باکوور و ناوەڕاستی کەرتەکەدا.",
            "ئێمە داگیرکاریی ئیسرائیل و هاوپەیمانانی بە تەواوی بە بەرپرسیار دەزانین لەو تاوانانەی دژی گەلی فەلەستین ئەنجام دراون، لە هێرشە هەڕەمەکییەکان بۆ سەر خەڵکی سڤیل و کارمەندانی مرۆیی و ڕۆژنامەنووسان و ژێرخانی سڤیل، و لە گەمارۆی تەواو بەسەر کەرتی غەززەدا. "
            "ئەم کردەوانە بە ئاشکرا یاسای مرۆیی پێشێل دەکەن و تاوانی جەنگن کە دەبێت داگیرکاریی ئیسرائیل لێپرسینەوەیان لەسەر بکرێت. "
            "هەر شیکاری و ڕاپۆرتێکی جددی دەبێت ڕەگ و ڕیشەی ڕەوشی ئێستا لەبەرچاو بگرێت و چارەسەریان بکات: داگیرکاریی نایاسایی ئیسرائیل بۆ خاکی فەلەستین بە درێژایی ٧٥ ساڵ، بنیاتنانی ئەوەی زیاتر و زیاتر وەک ڕژێمێکی ئاپارتاید دەناسرێت، و گەمارۆی دانیشتووانێکی ٢٫٢ ملیۆن کەسی لە کەرتی غەززە بۆ ماوەی ١٧ ساڵ. "
            "بەپێی یاسای نێودەوڵەتی، ئێمە دان بە مافی گەلی فەلەستیندا دەنێین بۆ خەبات لە پێناو سەربەخۆیی و یەکپارچەیی خاک و ڕزگاربوون لە داگیرکاریی کۆلۆنیالی و ئاپارتاید بە هەموو ڕێگایەک، لەوانە بە بەرخۆدانی چەکداری.",
            "وەک تاک و ڕێکخراوەکانی کۆمەڵگەی مەدەنی، داوای ئاگربەستی دەستبەجێ و لابردنی تەواوی گەمارۆی سەر غەززە دەکەین، و ڕێگەدان بە هاتنەژوورەوەی خۆراک و دەرمان و سووتەمەنی بۆ ناو کەرتەکە – کە ئەمانە بە تاکە ڕێگە دەزانین بۆ پاراستنی کاریگەری خەڵکی سڤیل. "
            "هاوکات داوا دەکەین داگیرکاریی ئیسرائیل لێپرسینەوەی لەگەڵ بکرێت لەسەر تاوانەکانی ئاپارتاید و ڕاگواستنی بەزۆری دانیشتووان و ئەو کردەوە نامرۆییە سیستەماتیکانەی دژی فەلەستینییەکان ئەنجام دراون، کە بەپێی یاسای نێودەوڵەتی تاوانن دژی مرۆڤایەتی. "
            "داوای کۆتاییهێنان بە داگیرکاری و ڕژێمی ئاپارتایدی ئیسرائیل لە فەلەستین دەکەین وەک مەرجێکی بنەڕەتی بۆ دڵنیابوون لە لێپرسینەوە و دادپەروەری و ڕێزگرتن لە مافەکانی مرۆڤ بۆ گەلی فەلەستین.",
        ],
        "journalists": [
            "ڕۆژنامەنووسە دەستگیرکراوەکان ئێستا ئازاد بکەن",
            "لە ٣ی ئایار، ڕۆژی جیهانیی ئازادیی ڕۆژنامەگەری، داوای ئازادکردنی دەستبەجێی ئەو دوازدە ڕۆژنامەنووسە دەکەین کە لە ١٥ی ئازارەوە لە عێراق دەستگیرکراون. هیچ کامێکیان بە هیچ تاوانێک تۆمەتبار نەکراون.",
            "بەپێی [ڕاپۆرتی ساڵی 2024ی کۆمەڵەی بەرگری لە مافەکانی ڕۆژنامەنووسانی عێراق](https://icssi.org/reports/press-2024)، ٤٠٪ی هێرشەکان بۆ سەر ڕۆژنامەنووسان لە هەرێمی کوردستان ڕوویانداوە، و زیاتر لە ١٫٥ ملیۆن کەس لەو ناوچانەدا دەژین کە میدیای سەربەخۆ ناتوانێت تێیدا کار بکات.",
            "ڕۆژنامەگەری تاوان نییە. ئەم بانگەوازە بە #FreeThePress و #JournalismIsNotACrime بڵاو بکەنەوە، و نامەی پشتگیری بۆ press@icssi.org بنێرن پێش ١ی حوزەیران.",
            "لە ماوەی سێ ساڵی ڕابردوودا، لانیکەم حەوت ڕۆژنامەنووس کوژراون و بیست و پێنج کەس بریندار بوون. نیوەی ئەم دۆسیانە هەرگیز لێکۆڵینەوەیان لەسەر نەکراوە.",
        ],
        "water": [
            "ئاو مافە، نەک ئیمتیاز",
            "لە ١ی تەمموزەوە، پلەی گەرما لە بەسرە لە ٥٠ پلە تێپەڕیوە، و زیاتر لە ٢ ملیۆن کەس لە پارێزگا باشوورییەکان ئاوی خواردنەوەی پاکیان بەدەست ناگات.",
            "ئاوی ڕووبارەکانی دیجلە و فورات لە ماوەی چوار ساڵدا لە سەدا ٣٠ کەمی کردووە. هەزاران خێزانی جووتیار پێشتر زەوییەکانیان بەجێهێشتووە، و یونیسێف ئاگاداری دەکاتەوە کە سێ لە هەر پێنج منداڵ لە بەسرە لە قوتابخانە ئاوی سەلامەتیان نییە.",
            "داوا لە حکوومەتی عێراق و وڵاتانی دراوسێ دەکەین کە تا ٢٢ی ئازار، ڕۆژی جیهانیی ئاو، ڕێککەوتنێکی دادپەروەرانە بۆ دابەشکردنی ئاو واژۆ بکەن، و داوا لە بەخشەران دەکەین پارەی چاککردنەوەی ئەو ١٬٢٠٠ وێستگەی پاڵاوتنە دابین بکەن کە لە کار کەوتوون. داواکارییە تەواوەکانمان لە https://icssi.org/water بخوێننەوە و #WaterForIraq بەدوادا بچن.",
        ],
    },
    "kmr": {
        "icssi": [
            "Daxuyaniya ICSSI ya Hevgirtinê bi Filistînê re",
            "Em, Înîsiyatîfa Hevgirtina Civaka Sivîl a Iraqî (ICSSI), hevgirtina xwe ya bêhempa bi gelê Filistînê re diyar dikin û banga agirbesteke lezgîn li Şerîda Gazzeyê, rakirina dorpêça ku li ser 2,2 milyon Filistîniyan hatiye sepandin û bidawîkirina dagirkeriya Filistînê dikin.",
            "Ji 7ê Cotmehê vir ve li ber çavên me tundiyeke dramatîk zêde dibe – zêdebûnek ku jiyana zêdetirî 8.000 Filistîniyan, di nav wan de zêdetirî 3.000 zarokan, standiye – ev ji hejmara giştî ya zarokên ku di sê salên dawî de li seranserê cîhanê di şeran de hatine kuştin zêdetir e. "
            "Em şahidê dorpêça ku li ser gelê Filistînê li Şerîda Gazzeyê hatiye sepandin bûn (herêmek ku jixwe wekî mezintirîn girtîgeha vekirî ya cîhanê tê hesibandin), ku sivîl bê ava paqij û xwarin hiştine. "
            "Bijîşkên li Şerîda Gazzeyê hilweşîna pergala tenduristiyê û binesaziyê şermezar dikin, di nav de kêmasiya dermanan, karmendan û sotemeniyê ji bo xebitandina nexweşxaneyan. "
            "Ev yek peydakirina lênêrîna pêwîst û jiyanrizgar a nexweşan ne gengaz kiriye. "
            "Binesaziyên sivîl ên sereke jî hatine armanckirin, wekî Nexweşxaneya Erebî ya El-Ehlî, û heta îro çavkaniyên fermî radigihînin ku pêncî û sê karkerên mirovî û sî û sê rojnamevan hatine kuştin. "
            "Dema ku civaka navneteweyî bala xwe dide ser Şerîdê, dagirkeriya Îsraîlê li Kenara Rojava û Orşelîma Rojhilat a dagirkirî kampanyayeke girtinên girseyî daye destpêkirin, û di heman demê de tedbîrên zordar li dijî girtiyên Filistînî tundtir kirine, ku gelek ji wan di girtina îdarî de têne ragirtin. "
            "Rojnamevan û sivîlên li Şerîda Gazzeyê bi rêya medyaya civakî û rojnameyan rewşa li erdê ragihandine, û bang li civaka navneteweyî kirine ku li dijî kiryarên jenosîdê yên ku hêzên dagirker ên Îsraîlê pêk tînin helwestê bigire. "
            "Dengê wan heta 27ê Cotmehê dihat bihîstin. "
            "Roja Înê, 27ê Cotmehê, Gazze ket nav qutbûneke tevahî ya ragihandinê, di heman demê de êrîşên hewayî û bejayî li herêmên bakur û navendê yên Şerîdê jî tundtir bûn.",
            "Em dagirkeriya Îsraîlê û hevalbendên wê bi tevahî ji sûcên li dijî gelê Filistînê hatine kirin, ji êrîşên bêcihêkar ên li ser sivîlan, karkerên mirovî, rojnamevanan û binesaziyên sivîl, û ji dorpêça tevahî ya li ser Şerîda Gazzeyê berpirsiyar digirin. "
            "Ev kiryar bi eşkere qanûnên mirovî binpê dikin û sûcên şer in, ku divê dagirkeriya Îsraîlê ji ber wan bê lêpirsîn. "
            "Her analîz û raporeke cidî divê sedemên bingehîn ên rewşa niha li ber çavan bigire û çareser bike: dagirkeriya neqanûnî ya Îsraîlê li ser axa Filistînê ya 75 salan, avakirina tiştê ku her ku diçe zêdetir wekî rejîmeke apartheidê tê naskirin, û dorpêça li ser nifûsa 2,2 milyon kesî li Şerîda Gazzeyê ya 17 salan. "
            "Li gorî qanûnên navneteweyî, em mafê gelê Filistînê yê têkoşînê ji bo serxwebûn, yekparçeyiya axê û rizgariyê ji dagirkeriya kolonyal û apartheidê bi hemû rêyan, di nav de bi berxwedana çekdarî, nas dikin.",
            "Wekî kes û rêxistinên civaka sivîl, em daxwaza agirbesteke lezgîn û rakirina tevahî ya dorpêça li ser Gazzeyê dikin, da ku xwarin, derman û sotemenî bikevin Şerîdê – ji ber ku ev tenê rêya parastina bi bandor a sivîlan e. "
            "Em di heman demê de daxwaz dikin ku dagirkeriya Îsraîlê ji ber sûcên apartheidê, koçberkirina bi zorê ya nifûsê û kiryarên nemirovane yên sîstematîk ên li dijî Filistîniyan bê lêpirsîn, ku li gorî qanûnên navneteweyî sûcên li dijî mirovahiyê ne. "
            "Em daxwaza bidawîkirina dagirkerî û rejîma apartheidê ya Îsraîlê li Filistînê dikin, wekî şertê bingehîn ji bo misogerkirina lêpirsînê, edaletê û rêzgirtina mafên mirovan ji bo gelê Filistînê.",
        ],
        "journalists": [
            "Rojnamevanên Girtî Niha Azad Bikin",
            "Di 3ê Gulanê de, Roja Azadiya Çapemeniyê ya Cîhanê, em banga berdana lezgîn a diwazdeh rojnamevanên ku ji 15ê Adarê vir ve li Iraqê girtî ne dikin. Tu tawan li yekî ji wan nehatiye barkirin.",
            "Li gorî [rapora 2024an](https://icssi.org/reports/press-2024) a Komeleya Parastina Mafên Rojnamevanên Iraqî, 40% ji êrîşên li ser rojnamevanan li Herêma Kurdistanê qewimîne, û zêdetirî 1,5 milyon kes li deverên ku medyaya serbixwe nikare lê bixebite dijîn.",
            "Rojnamegerî ne sûc e. Vê bangê bi #FreeThePress û #JournalismIsNotACrime re parve bikin, û berî 1ê Hezîranê daxuyaniyên piştgiriyê ji press@icssi.org re bişînin.",
            "Di sê salên dawî de, herî kêm heft rojnamevan hatin kuştin û bîst û pênc birîndar bûn. Nîvê van bûyeran qet nehatin lêkolînkirin.",
        ],
        "water": [
            "Av Maf e, Ne Îmtiyaz e",
            "Ji 1ê Tîrmehê vir ve, germahî li Besrayê ji 50 pileyan derbas bûye, û zêdetirî 2 milyon kes li parêzgehên başûr bê ava vexwarinê ya paqij in.",
            "Ava ku diherike Dîcle û Firatê di çar salan de ji sedî 30 kêm bûye. Bi hezaran malbatên cotkar jixwe axa xwe terk kirine, û UNICEF hişyarî dide ku li Besrayê ji her pênc zarokan sê zarok li dibistanê negihîştine ava ewle.",
            "Em bang li hikûmeta Iraqê û welatên cîran dikin ku heta 22ê Adarê, Roja Avê ya Cîhanê, peymaneke dadmend a parvekirina avê îmze bikin, û li bexşkaran dikin ku tamîrkirina 1.200 stasyonên paqijkirinê yên ku ji kar ketine fînanse bikin. Daxwazên me yên tevahî li https://icssi.org/water bixwînin û #WaterForIraq bişopînin.",
        ],
    },
}


def sources() -> dict[str, list[str]]:
    """Each statement's English units."""
    return {"icssi": bundled_sources(), "journalists": STATEMENT_2, "water": STATEMENT_3}


@dataclass(frozen=True)
class Mistake:
    """One slip: in ``statement`` unit ``unit`` of ``lang``, ``old`` became ``new``; the
    check expected to catch it."""

    lang: str
    statement: str
    unit: int
    old: str
    new: str
    check: str
    what: str


M = Mistake
MISTAKES: list[Mistake] = [
    # Arabic
    M("ar", "icssi", 2, "أكثر من ٨٠٠٠", "أكثر من ٩٠٠٠", "numbers", "a number changed"),
    M("ar", "icssi", 1, "٢٫٢ مليون", "٢٫٢ مليار", "numbers", "million became billion"),
    M(
        "ar",
        "icssi",
        2,
        "وثلاثة وثلاثين صحفياً",
        "وثلاثة وأربعين صحفياً",
        "numbers",
        "a number in words changed",
    ),
    M(
        "ar",
        "icssi",
        2,
        "ويوم الجمعة ٢٧ تشرين الأول",
        "ويوم الجمعة ٢٧ تشرين الثاني",
        "dates",
        "October became November",
    ),
    M(
        "ar",
        "icssi",
        2,
        " وظلت أصواتهم مسموعة حتى ٢٧ تشرين الأول.",
        "",
        "sentences",
        "a sentence dropped",
    ),
    M(
        "ar",
        "icssi",
        3,
        "احتلال إسرائيل غير المشروع",
        "احتلال إسرائيل المشروع",
        "negation",
        "unlawful became lawful",
    ),
    M(
        "ar",
        "icssi",
        4,
        "نطالب بوقف فوري لإطلاق النار",
        "نطالب بهدنة فورية",
        "glossary",
        "the agreed term replaced",
    ),
    M(
        "ar",
        "icssi",
        2,
        "في انقطاع تام للاتصالات",
        "في blackout تام للاتصالات",
        "latin-words",
        "an English word left",
    ),
    M("ar", "journalists", 1, "منذ ١٥ آذار", "منذ ١٥ نيسان", "dates", "March became April"),
    M(
        "ar",
        "journalists",
        1,
        "الاثني عشر",
        "الأحد عشر",
        "numbers",
        "twelve became eleven, in words",
    ),
    M(
        "ar",
        "journalists",
        1,
        "لم توجَّه إلى أيٍّ منهم",
        "وُجّهت إلى بعضهم",
        "negation",
        "none became some",
    ),
    M(
        "ar",
        "journalists",
        2,
        "لا يستطيع الإعلام المستقل",
        "يستطيع الإعلام المستقل",
        "negation",
        "cannot became can",
    ),
    M("ar", "journalists", 2, "٤٠٪", "٤٥٪", "numbers", "a percentage changed"),
    M("ar", "journalists", 3, "#FreeThePress", "#FreePress", "placeables", "a hashtag changed"),
    M(
        "ar",
        "journalists",
        3,
        "press@icssi.org",
        "press@icsi.org",
        "placeables",
        "an e-mail address changed",
    ),
    M(
        "ar",
        "journalists",
        4,
        "سبعة صحفيين",
        "تسعة صحفيين",
        "numbers",
        "seven became nine, in words",
    ),
    M(
        "ar",
        "water",
        1,
        "أكثر من مليوني شخص",
        "أكثر من مليون شخص",
        "numbers",
        "two million became one million, in words",
    ),
    M(
        "ar",
        "water",
        2,
        "ثلاثة من كل خمسة",
        "ثلاثة من کل خمسة",
        "arabic-letters",
        "Persian ک in Arabic",
    ),
    M("ar", "water", 2, "في المدرسة", "في المدرسی", "arabic-letters", "Persian ی in Arabic"),
    M("ar", "water", 3, "بحلول ٢٢ آذار", "بحلول ٢٣ آذار", "dates", "the day changed"),
    M(
        "ar",
        "water",
        0,
        "الماء حق لا امتياز",
        "الماء حق وامتياز",
        "negation",
        "not a privilege became a privilege",
    ),
    M(
        "ar",
        "water",
        3,
        "https://icssi.org/water",
        "https://icssi.org/waters",
        "placeables",
        "an address changed",
    ),
    # Sorani
    M("ckb", "icssi", 2, "زیاتر لە ٨٠٠٠", "زیاتر لە ٨٠٠", "numbers", "a zero dropped"),
    M("ckb", "icssi", 3, "٢٫٢ ملیۆن", "٢٫٢ ملیار", "numbers", "million became billion"),
    M(
        "ckb",
        "icssi",
        2,
        "پەنجا و سێ کارمەندی",
        "پەنجا و پێنج کارمەندی",
        "numbers",
        "a number in words changed",
    ),
    M(
        "ckb",
        "icssi",
        2,
        "لە ٧ی تشرینی یەکەمەوە",
        "لە ٧ی تشرینی دووەمەوە",
        "dates",
        "October became November",
    ),
    M(
        "ckb",
        "icssi",
        2,
        "دەنگیان تا ٢٧ی تشرینی یەکەم دەبیسترا. ",
        "",
        "sentences",
        "a sentence dropped",
    ),
    M(
        "ckb",
        "icssi",
        3,
        "داگیرکاریی نایاسایی ئیسرائیل",
        "داگیرکاریی یاسایی ئیسرائیل",
        "negation",
        "unlawful became lawful",
    ),
    M(
        "ckb",
        "icssi",
        4,
        "داوای ئاگربەستی دەستبەجێ",
        "داوای وەستانی دەستبەجێی شەڕ",
        "glossary",
        "the agreed term replaced",
    ),
    M(
        "ckb",
        "icssi",
        2,
        "کەوتە پچڕانێکی تەواوی پەیوەندییەکان",
        "کەوتە blackoutێکی تەواوی پەیوەندییەکان",
        "latin-words",
        "an English word left",
    ),
    M(
        "ckb",
        "icssi",
        1,
        "ئێمە، دەستپێشخەریی",
        "ئيمە، دەستپێشخەريی",
        "sorani-letters",
        "Arabic ي in Sorani",
    ),
    M("ckb", "journalists", 1, "لە ١٥ی ئازارەوە", "لە ١٥ی نیسانەوە", "dates", "March became April"),
    M(
        "ckb",
        "journalists",
        1,
        "ئەو دوازدە ڕۆژنامەنووسە",
        "ئەو یازدە ڕۆژنامەنووسە",
        "numbers",
        "twelve became eleven, in words",
    ),
    M(
        "ckb",
        "journalists",
        2,
        "میدیای سەربەخۆ ناتوانێت",
        "میدیای سەربەخۆ دەتوانێت",
        "negation",
        "cannot became can",
    ),
    M("ckb", "journalists", 2, "٤٠٪ی", "٤٥٪ی", "numbers", "a percentage changed"),
    M(
        "ckb",
        "journalists",
        3,
        "#JournalismIsNotACrime",
        "#JournalismIsNotCrime",
        "placeables",
        "a hashtag changed",
    ),
    M(
        "ckb",
        "journalists",
        3,
        "ڕۆژنامەگەری تاوان نییە.",
        "ڕۆژنامەگەری تاوانە.",
        "negation",
        "is not a crime became is a crime",
    ),
    M(
        "ckb",
        "journalists",
        4,
        "لانیکەم حەوت ڕۆژنامەنووس",
        "لانیکەم هەشت ڕۆژنامەنووس",
        "numbers",
        "seven became eight, in words",
    ),
    M("ckb", "water", 2, "لە سەدا ٣٠", "لە سەدا ٤٠", "numbers", "a percentage changed"),
    M("ckb", "water", 3, "تا ٢٢ی ئازار", "تا ٢٢ی ئایار", "dates", "March became May"),
    M(
        "ckb",
        "water",
        0,
        "ئاو مافە، نەک ئیمتیاز",
        "ئاو مافە و ئیمتیازە",
        "negation",
        "not a privilege became a privilege",
    ),
    M(
        "ckb",
        "water",
        2,
        "هەزاران خێزانی جووتیار پێشتر زەوییەکانیان بەجێهێشتووە، و ",
        "",
        "length",
        "a clause dropped",
    ),
    # Kurmanji
    M(
        "kmr",
        "icssi",
        2,
        "zêdetirî 8.000 Filistîniyan",
        "zêdetirî 9.000 Filistîniyan",
        "numbers",
        "a number changed",
    ),
    M("kmr", "icssi", 3, "2,2 milyon kesî", "2,2 milyar kesî", "numbers", "million became billion"),
    M(
        "kmr",
        "icssi",
        2,
        "û sî û sê rojnamevan",
        "û sî û çar rojnamevan",
        "numbers",
        "a number in words changed",
    ),
    M("kmr", "icssi", 2, "Ji 7ê Cotmehê", "Ji 7ê Mijdarê", "dates", "October became November"),
    M(
        "kmr",
        "icssi",
        2,
        "Dengê wan heta 27ê Cotmehê dihat bihîstin. ",
        "",
        "sentences",
        "a sentence dropped",
    ),
    M(
        "kmr",
        "icssi",
        3,
        "dagirkeriya neqanûnî ya Îsraîlê",
        "dagirkeriya qanûnî ya Îsraîlê",
        "negation",
        "unlawful became lawful",
    ),
    M(
        "kmr",
        "icssi",
        4,
        "daxwaza agirbesteke lezgîn",
        "daxwaza rawestandina şer a lezgîn",
        "glossary",
        "the agreed term replaced",
    ),
    M(
        "kmr",
        "icssi",
        1,
        "hevgirtina xwe ya bêhempa bi gelê Filistînê re diyar dikin û banga agirbesteke lezgîn li Şerîda Gazzeyê, rakirina dorpêça",
        "hevgirtina xwe ya bexempa bi gele Filistine re diyar dikin u banga agirbesteke lezgin li Serida Gazzeye, rakirina dorpeca",
        "kurmanji-letters",
        "typed without ê î û ç ş",
    ),
    M("kmr", "journalists", 1, "ji 15ê Adarê", "ji 15ê Nîsanê", "dates", "March became April"),
    M(
        "kmr",
        "journalists",
        1,
        "a diwazdeh rojnamevanên",
        "a yazdeh rojnamevanên",
        "numbers",
        "twelve became eleven, in words",
    ),
    M(
        "kmr",
        "journalists",
        1,
        "li yekî ji wan nehatiye barkirin",
        "li hinekan ji wan hatiye barkirin",
        "negation",
        "none became some",
    ),
    M(
        "kmr",
        "journalists",
        2,
        "medyaya serbixwe nikare lê bixebite",
        "medyaya serbixwe dikare lê bixebite",
        "negation",
        "cannot became can",
    ),
    M("kmr", "journalists", 2, "40% ji êrîşên", "45% ji êrîşên", "numbers", "a percentage changed"),
    M(
        "kmr",
        "journalists",
        3,
        "press@icssi.org",
        "press@icssi.com",
        "placeables",
        "an e-mail address changed",
    ),
    M(
        "kmr",
        "journalists",
        4,
        "herî kêm heft rojnamevan",
        "herî kêm heşt rojnamevan",
        "numbers",
        "seven became eight, in words",
    ),
    M("kmr", "water", 1, "Ji 1ê Tîrmehê", "Ji 1ê Tebaxê", "dates", "July became August"),
    M("kmr", "water", 2, "ji sedî 30", "ji sedî 13", "numbers", "a percentage changed"),
    M(
        "kmr",
        "water",
        0,
        "Av Maf e, Ne Îmtiyaz e",
        "Av Maf e û Îmtiyaz e",
        "negation",
        "not a privilege became a privilege",
    ),
    M("kmr", "water", 3, "#WaterForIraq", "#AvJiBoIraqê", "placeables", "a hashtag translated"),
    M(
        "kmr",
        "water",
        2,
        " Bi hezaran malbatên cotkar jixwe axa xwe terk kirine, û UNICEF",
        " UNICEF",
        "length",
        "a clause dropped",
    ),
]


def apply(mistake: Mistake) -> tuple[str, str]:
    """The source unit and the translation with the mistake in it."""
    correct = TRANSLATIONS[mistake.lang][mistake.statement][mistake.unit]
    if mistake.old not in correct:
        raise AssertionError(f"{mistake.what}: {mistake.old!r} is not in the translation")
    return sources()[mistake.statement][mistake.unit], correct.replace(mistake.old, mistake.new, 1)
