"""Russian names of reference data that have a standard Russian form, and the glossary.

The seed bulletin has no Russian text, and none is invented (issue 17, item 8): only names that
are written one way in Russian are given here: countries (as the United Nations writes them),
United Nations bodies and the international organisations the bulletin names, the office's
thematic areas and the programme's terms (the glossary, which editors see beside every
translation field). Written here only: the data migration and `load_seed` run
`add_standard_russian_names`, which fills Russian names that are empty and never overwrites an
editor's. Models are read through the `apps` registry given, as in a migration.
"""

from django.apps import apps as global_apps

from unodc_portal.translations import settle_translations

COUNTRIES = {
    "af": "Афганистан",
    "az": "Азербайджан",
    "cn": "Китай",
    "es": "Испания",
    "ir": "Иран (Исламская Республика)",
    "jp": "Япония",
    "kg": "Кыргызстан",
    "kz": "Казахстан",
    "ru": "Российская Федерация",
    "tj": "Таджикистан",
    "tm": "Туркменистан",
    "us": "Соединенные Штаты Америки",
    "uz": "Узбекистан",
}

# slug: (name, acronym): bodies of the United Nations and the international organisations whose
# Russian names are their own official ones.
ORGANISATIONS = {
    "unodc": ("Управление Организации Объединенных Наций по наркотикам и преступности", "УНП ООН"),
    "unodc-roca": ("Региональное представительство УНП ООН для Центральной Азии", "РПЦА"),
    "caricc": (
        "Центральноазиатский региональный информационный координационный центр по борьбе с незаконным "
        "оборотом наркотических средств, психотропных веществ и их прекурсоров",
        "ЦАРИКЦ",
    ),
    "wco": ("Всемирная таможенная организация", "ВТамО"),
    "osce-odihr": ("Бюро по демократическим институтам и правам человека ОБСЕ", "БДИПЧ"),
    "gfatm": ("Глобальный фонд для борьбы со СПИДом, туберкулезом и малярией", "Глобальный фонд"),
}

THEMES = {
    "border-management": "Управление границами и незаконный оборот наркотиков",
    "criminal-justice": "Уголовное правосудие",
    "drug-prevention-treatment-hiv": "Профилактика наркомании, лечение наркозависимости и ВИЧ",
    "trafficking-in-persons": "Торговля людьми и незаконный ввоз мигрантов",
    "terrorism-prevention": "Предупреждение терроризма",
    "anti-corruption": "Противодействие коррупции",
    "cybercrime": "Киберпреступность",
}

# (English, Russian, note)
GLOSSARY = [
    ("Border Liaison Office (BLO)", "Офис пограничного взаимодействия (ОПВ)", ""),
    ("Port Control Unit (PCU)", "Подразделение портового контроля (ППК)", ""),
    ("Container Control Programme (CCP)", "Программа контроля за контейнерными перевозками (ПККП)", "UNODC–WCO"),
    ("Programme for Central Asia", "Программа для Центральной Азии", "UNODC's regional programme"),
    ("Regional Office for Central Asia (ROCA)", "Региональное представительство для Центральной Азии (РПЦА)", ""),
    ("Paris Pact Initiative", "Инициатива Парижского пакта", ""),
    ("dry port", "сухой порт", ""),
    ("seaport", "морской порт", ""),
    ("border crossing point", "пункт пропуска через государственную границу", ""),
    ("mobile interdiction team", "мобильная оперативная группа", ""),
    ("drug trafficking", "незаконный оборот наркотиков", ""),
    ("precursors", "прекурсоры", ""),
    ("seizure", "изъятие", "of drugs, precursors, weapons"),
    ("controlled delivery", "контролируемая поставка", ""),
    ("law enforcement agencies", "правоохранительные органы", ""),
    ("criminal justice", "уголовное правосудие", ""),
    ("trafficking in persons", "торговля людьми", ""),
    ("smuggling of migrants", "незаконный ввоз мигрантов", ""),
    ("drug prevention", "профилактика наркомании", ""),
    ("drug dependence treatment", "лечение наркозависимости", ""),
    ("terrorism prevention", "предупреждение терроризма", ""),
    ("anti-corruption", "противодействие коррупции", ""),
    ("cybercrime", "киберпреступность", ""),
    ("expert forum", "экспертный форум", ""),
    ("study visit", "ознакомительный визит", ""),
    ("steering committee", "руководящий комитет", ""),
    ("Memorandum of Understanding (MoU)", "Меморандум о взаимопонимании", ""),
    ("donor", "донор", ""),
]


def add_standard_russian_names(apps=global_apps, schema_editor=None):
    """Fills the Russian names above where they are empty, adds the glossary terms that are
    missing, and sets the rows' translation states."""
    Country = apps.get_model("programmes", "Country")
    Organisation = apps.get_model("programmes", "Organisation")
    Theme = apps.get_model("programmes", "Theme")
    GlossaryTerm = apps.get_model("programmes", "GlossaryTerm")

    countries = list(Country.objects.filter(iso2__in=COUNTRIES, name_ru=""))
    for country in countries:
        country.name_ru = COUNTRIES[country.iso2]
    Country.objects.bulk_update(
        settle_translations(countries, ["name"]), ["name_ru", "translation_state_ru", "translation_source_ru"]
    )

    organisations = list(Organisation.objects.filter(slug__in=ORGANISATIONS, name_ru=""))
    for organisation in organisations:
        organisation.name_ru, acronym = ORGANISATIONS[organisation.slug]
        organisation.acronym_ru = acronym if organisation.acronym else ""
    Organisation.objects.bulk_update(
        settle_translations(organisations, ["name", "acronym", "description"]),
        ["name_ru", "acronym_ru", "translation_state_ru", "translation_source_ru"],
    )

    themes = list(Theme.objects.filter(slug__in=THEMES, name_ru=""))
    for theme in themes:
        theme.name_ru = THEMES[theme.slug]
    Theme.objects.bulk_update(
        settle_translations(themes, ["name", "description"]),
        ["name_ru", "translation_state_ru", "translation_source_ru"],
    )

    GlossaryTerm.objects.bulk_create(
        [GlossaryTerm(english=english, russian=russian, note=note) for english, russian, note in GLOSSARY],
        ignore_conflicts=True,
    )
