"""The programmes schema as one migration, squashed in December 2026 from 0001_initial ...
0004_reported_in_moved_to_stories while no production database existed: a database that had all
of those applied is taken as migrated by this one. The full-text search vectors on programmes,
facilities and organisations are added by milestones/0001_squashed with the site search."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("programmes", "0001_initial"),
        ("programmes", "0002_list_indexes"),
        ("programmes", "0003_facility_order"),
        ("programmes", "0004_reported_in_moved_to_stories"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Country',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('iso2', models.CharField(help_text="Two-letter ISO 3166-1 code in lower case, for example 'uz'. Used in addresses: /countries/uz/.", max_length=2, unique=True, verbose_name='ISO code')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                ('region_role', models.CharField(choices=[('covered', 'Covered by the Regional Office'), ('neighbour', 'Neighbour the programmes involve'), ('other', 'Outside the region')], default='other', help_text='Countries covered by the office are listed first on the public site.', max_length=20, verbose_name='place in the region')),
            ],
            options={
                'verbose_name': 'country',
                'verbose_name_plural': 'countries',
                'ordering': ['name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('iso2__in', ['ad', 'ae', 'af', 'ag', 'ai', 'al', 'am', 'ao', 'aq', 'ar', 'as', 'at', 'au', 'aw', 'ax', 'az', 'ba', 'bb', 'bd', 'be', 'bf', 'bg', 'bh', 'bi', 'bj', 'bl', 'bm', 'bn', 'bo', 'bq', 'br', 'bs', 'bt', 'bv', 'bw', 'by', 'bz', 'ca', 'cc', 'cd', 'cf', 'cg', 'ch', 'ci', 'ck', 'cl', 'cm', 'cn', 'co', 'cr', 'cu', 'cv', 'cw', 'cx', 'cy', 'cz', 'de', 'dj', 'dk', 'dm', 'do', 'dz', 'ec', 'ee', 'eg', 'eh', 'er', 'es', 'et', 'fi', 'fj', 'fk', 'fm', 'fo', 'fr', 'ga', 'gb', 'gd', 'ge', 'gf', 'gg', 'gh', 'gi', 'gl', 'gm', 'gn', 'gp', 'gq', 'gr', 'gs', 'gt', 'gu', 'gw', 'gy', 'hk', 'hm', 'hn', 'hr', 'ht', 'hu', 'id', 'ie', 'il', 'im', 'in', 'io', 'iq', 'ir', 'is', 'it', 'je', 'jm', 'jo', 'jp', 'ke', 'kg', 'kh', 'ki', 'km', 'kn', 'kp', 'kr', 'kw', 'ky', 'kz', 'la', 'lb', 'lc', 'li', 'lk', 'lr', 'ls', 'lt', 'lu', 'lv', 'ly', 'ma', 'mc', 'md', 'me', 'mf', 'mg', 'mh', 'mk', 'ml', 'mm', 'mn', 'mo', 'mp', 'mq', 'mr', 'ms', 'mt', 'mu', 'mv', 'mw', 'mx', 'my', 'mz', 'na', 'nc', 'ne', 'nf', 'ng', 'ni', 'nl', 'no', 'np', 'nr', 'nu', 'nz', 'om', 'pa', 'pe', 'pf', 'pg', 'ph', 'pk', 'pl', 'pm', 'pn', 'pr', 'ps', 'pt', 'pw', 'py', 'qa', 're', 'ro', 'rs', 'ru', 'rw', 'sa', 'sb', 'sc', 'sd', 'se', 'sg', 'sh', 'si', 'sj', 'sk', 'sl', 'sm', 'sn', 'so', 'sr', 'ss', 'st', 'sv', 'sx', 'sy', 'sz', 'tc', 'td', 'tf', 'tg', 'th', 'tj', 'tk', 'tl', 'tm', 'tn', 'to', 'tr', 'tt', 'tv', 'tw', 'tz', 'ua', 'ug', 'um', 'us', 'uy', 'uz', 'va', 'vc', 've', 'vg', 'vi', 'vn', 'vu', 'wf', 'ws', 'ye', 'yt', 'za', 'zm', 'zw'])), name='country_iso2_is_iso_3166', violation_error_message="Use an ISO 3166-1 alpha-2 code in lower case, for example 'uz'.")],
            },
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('name', models.CharField(max_length=255, unique=True, verbose_name='name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('acronym', models.CharField(blank=True, help_text='For example INL, WCO, CARICC.', max_length=30, verbose_name='acronym')),
                ('kind', models.CharField(choices=[('government', 'Government'), ('national-agency', 'Ministry, agency or court'), ('local-government', 'Regional or local government'), ('diplomatic-mission', 'Embassy or diplomatic mission'), ('un', 'United Nations'), ('intergovernmental', 'Intergovernmental organisation'), ('ngo', 'Non-governmental organisation'), ('academic', 'Academic or training institution'), ('other', 'Other')], max_length=30, verbose_name='kind')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('country', models.ForeignKey(blank=True, help_text='The country the organisation belongs to. Leave empty for international bodies.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisations', to='programmes.country', verbose_name='country')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('parent', models.ForeignKey(blank=True, help_text='The larger body this one belongs to, for example INL is part of the U.S. Department of State.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='units', to='programmes.organisation', verbose_name='part of')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'organisation',
                'verbose_name_plural': 'organisations',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Facility',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('kind', models.CharField(choices=[('pcu', 'Port Control Unit'), ('blo', 'Border Liaison Office'), ('bcp', 'Border crossing point'), ('building', 'Administrative building'), ('training-centre', 'Training centre'), ('laboratory', 'Laboratory'), ('other', 'Other')], max_length=20, verbose_name='kind')),
                ('place', models.CharField(help_text="Town, port or crossing point, for example 'Nizhniy Pyanj'.", max_length=200, verbose_name='place')),
                ('place_kind', models.CharField(choices=[('city', 'City'), ('dry-port', 'Dry port'), ('seaport', 'Seaport'), ('airport', 'Airport'), ('border-crossing', 'Border crossing point'), ('railway-station', 'Railway station'), ('other', 'Other')], max_length=20, verbose_name='kind of place')),
                ('latitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=5, max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude')),
                ('status', models.CharField(choices=[('planned', 'Planned'), ('under-construction', 'Under construction'), ('operational', 'Operational'), ('closed', 'Closed'), ('not-reported', 'Status not reported')], default='not-reported', max_length=20, verbose_name='status')),
                ('opened_on', models.DateField(blank=True, null=True, verbose_name='opened')),
                ('opened_on_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only')], default='day', max_length=10, verbose_name='opening date known to')),
                ('equipment', models.TextField(blank=True, help_text='One item per line.', verbose_name='equipment')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('border_country', models.ForeignKey(blank=True, help_text='For a crossing point or a border office: the country on the other side.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='border_facilities', to='programmes.country', verbose_name='on the border with')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='facilities', to='programmes.country', verbose_name='country')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                ('operator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='facilities', to='programmes.organisation', verbose_name='run by')),
            ],
            options={
                'verbose_name': 'facility',
                'verbose_name_plural': 'facilities',
                'ordering': ['country__name', 'name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('title', models.CharField(max_length=300, unique=True, verbose_name='title')),
                ('short_title', models.CharField(blank=True, help_text='Used in lists and tags where the full title is too long.', max_length=120, verbose_name='short title')),
                ('acronym', models.CharField(blank=True, max_length=30, verbose_name='acronym')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('kind', models.CharField(choices=[('programme', 'Programme'), ('sub-programme', 'Sub-programme'), ('project', 'Project'), ('segment', 'Regional segment')], default='programme', max_length=20, verbose_name='kind')),
                ('code', models.CharField(blank=True, help_text="As the programme numbers it, for example 'Sub-programme 1'.", max_length=30, verbose_name='number')),
                ('start_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='first year')),
                ('end_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='last year')),
                ('summary', models.TextField(blank=True, help_text='One or two sentences shown in lists.', verbose_name='summary')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('countries', models.ManyToManyField(blank=True, related_name='programmes', to='programmes.country', verbose_name='countries')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('parent', models.ForeignKey(blank=True, help_text='The programme this sub-programme, project or segment belongs to.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='programmes.programme', verbose_name='part of')),
                ('partners', models.ManyToManyField(blank=True, help_text='National counterparts and partner agencies named as working with the programme.', related_name='partner_programmes', to='programmes.organisation', verbose_name='partner organisations')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
            ],
            options={
                'verbose_name': 'programme',
                'verbose_name_plural': 'programmes',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='FacilityFunding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, help_text='In the original currency. Leave empty when the source names the funding but no amount.', max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                ('currency', models.CharField(blank=True, choices=[('AED', 'UAE Dirham'), ('AFN', 'Afghani'), ('ALL', 'Lek'), ('AMD', 'Armenian Dram'), ('AOA', 'Kwanza'), ('ARS', 'Argentine Peso'), ('AUD', 'Australian Dollar'), ('AWG', 'Aruban Florin'), ('AZN', 'Azerbaijan Manat'), ('BAM', 'Convertible Mark'), ('BBD', 'Barbados Dollar'), ('BDT', 'Taka'), ('BHD', 'Bahraini Dinar'), ('BIF', 'Burundi Franc'), ('BMD', 'Bermudian Dollar'), ('BND', 'Brunei Dollar'), ('BOB', 'Boliviano'), ('BOV', 'Mvdol'), ('BRL', 'Brazilian Real'), ('BSD', 'Bahamian Dollar'), ('BTN', 'Ngultrum'), ('BWP', 'Pula'), ('BYN', 'Belarusian Ruble'), ('BZD', 'Belize Dollar'), ('CAD', 'Canadian Dollar'), ('CDF', 'Congolese Franc'), ('CHE', 'WIR Euro'), ('CHF', 'Swiss Franc'), ('CHW', 'WIR Franc'), ('CLF', 'Unidad de Fomento'), ('CLP', 'Chilean Peso'), ('CNY', 'Yuan Renminbi'), ('COP', 'Colombian Peso'), ('COU', 'Unidad de Valor Real'), ('CRC', 'Costa Rican Colon'), ('CUP', 'Cuban Peso'), ('CVE', 'Cabo Verde Escudo'), ('CZK', 'Czech Koruna'), ('DJF', 'Djibouti Franc'), ('DKK', 'Danish Krone'), ('DOP', 'Dominican Peso'), ('DZD', 'Algerian Dinar'), ('EGP', 'Egyptian Pound'), ('ERN', 'Nakfa'), ('ETB', 'Ethiopian Birr'), ('EUR', 'Euro'), ('FJD', 'Fiji Dollar'), ('FKP', 'Falkland Islands Pound'), ('GBP', 'Pound Sterling'), ('GEL', 'Lari'), ('GHS', 'Ghana Cedi'), ('GIP', 'Gibraltar Pound'), ('GMD', 'Dalasi'), ('GNF', 'Guinean Franc'), ('GTQ', 'Quetzal'), ('GYD', 'Guyana Dollar'), ('HKD', 'Hong Kong Dollar'), ('HNL', 'Lempira'), ('HTG', 'Gourde'), ('HUF', 'Forint'), ('IDR', 'Rupiah'), ('ILS', 'New Israeli Sheqel'), ('INR', 'Indian Rupee'), ('IQD', 'Iraqi Dinar'), ('IRR', 'Iranian Rial'), ('ISK', 'Iceland Krona'), ('JMD', 'Jamaican Dollar'), ('JOD', 'Jordanian Dinar'), ('JPY', 'Yen'), ('KES', 'Kenyan Shilling'), ('KGS', 'Som'), ('KHR', 'Riel'), ('KMF', 'Comorian Franc'), ('KPW', 'North Korean Won'), ('KRW', 'Won'), ('KWD', 'Kuwaiti Dinar'), ('KYD', 'Cayman Islands Dollar'), ('KZT', 'Tenge'), ('LAK', 'Lao Kip'), ('LBP', 'Lebanese Pound'), ('LKR', 'Sri Lanka Rupee'), ('LRD', 'Liberian Dollar'), ('LSL', 'Loti'), ('LYD', 'Libyan Dinar'), ('MAD', 'Moroccan Dirham'), ('MDL', 'Moldovan Leu'), ('MGA', 'Malagasy Ariary'), ('MKD', 'Denar'), ('MMK', 'Kyat'), ('MNT', 'Tugrik'), ('MOP', 'Pataca'), ('MRU', 'Ouguiya'), ('MUR', 'Mauritius Rupee'), ('MVR', 'Rufiyaa'), ('MWK', 'Malawi Kwacha'), ('MXN', 'Mexican Peso'), ('MXV', 'Mexican Unidad de Inversion (UDI)'), ('MYR', 'Malaysian Ringgit'), ('MZN', 'Mozambique Metical'), ('NAD', 'Namibia Dollar'), ('NGN', 'Naira'), ('NIO', 'Cordoba Oro'), ('NOK', 'Norwegian Krone'), ('NPR', 'Nepalese Rupee'), ('NZD', 'New Zealand Dollar'), ('OMR', 'Rial Omani'), ('PAB', 'Balboa'), ('PEN', 'Sol'), ('PGK', 'Kina'), ('PHP', 'Philippine Peso'), ('PKR', 'Pakistan Rupee'), ('PLN', 'Zloty'), ('PYG', 'Guarani'), ('QAR', 'Qatari Rial'), ('RON', 'Romanian Leu'), ('RSD', 'Serbian Dinar'), ('RUB', 'Russian Ruble'), ('RWF', 'Rwanda Franc'), ('SAR', 'Saudi Riyal'), ('SBD', 'Solomon Islands Dollar'), ('SCR', 'Seychelles Rupee'), ('SDG', 'Sudanese Pound'), ('SEK', 'Swedish Krona'), ('SGD', 'Singapore Dollar'), ('SHP', 'Saint Helena Pound'), ('SLE', 'Leone'), ('SOS', 'Somali Shilling'), ('SRD', 'Surinam Dollar'), ('SSP', 'South Sudanese Pound'), ('STN', 'Dobra'), ('SVC', 'El Salvador Colon'), ('SYP', 'Syrian Pound'), ('SZL', 'Lilangeni'), ('THB', 'Baht'), ('TJS', 'Somoni'), ('TMT', 'Turkmenistan New Manat'), ('TND', 'Tunisian Dinar'), ('TOP', 'Pa’anga'), ('TRY', 'Turkish Lira'), ('TTD', 'Trinidad and Tobago Dollar'), ('TWD', 'New Taiwan Dollar'), ('TZS', 'Tanzanian Shilling'), ('UAH', 'Hryvnia'), ('UGX', 'Uganda Shilling'), ('USD', 'US Dollar'), ('USN', 'US Dollar (Next day)'), ('UYI', 'Uruguay Peso en Unidades Indexadas (UI)'), ('UYU', 'Peso Uruguayo'), ('UYW', 'Unidad Previsional'), ('UZS', 'Uzbekistan Sum'), ('VED', 'Bolívar Soberano'), ('VES', 'Bolívar Soberano'), ('VND', 'Dong'), ('VUV', 'Vatu'), ('WST', 'Tala'), ('XAD', 'Arab Accounting Dinar'), ('XAF', 'CFA Franc BEAC'), ('XCD', 'East Caribbean Dollar'), ('XCG', 'Caribbean Guilder'), ('XOF', 'CFA Franc BCEAO'), ('XPF', 'CFP Franc'), ('YER', 'Yemeni Rial'), ('ZAR', 'Rand'), ('ZMW', 'Zambian Kwacha'), ('ZWG', 'Zimbabwe Gold')], help_text='ISO 4217 code of the original amount, for example JPY, KGS, USD.', max_length=3, verbose_name='currency')),
                ('amount_qualifier', models.CharField(choices=[('exact', 'exactly'), ('approximately', 'approximately'), ('more-than', 'more than'), ('less-than', 'less than')], default='exact', max_length=20, verbose_name='amount is')),
                ('amount_usd', models.DecimalField(blank=True, decimal_places=2, help_text='As the source reports it. Leave empty rather than converting it yourself.', max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='USD equivalent')),
                ('amount_usd_qualifier', models.CharField(choices=[('exact', 'exactly'), ('approximately', 'approximately'), ('more-than', 'more than'), ('less-than', 'less than')], default='exact', max_length=20, verbose_name='USD equivalent is')),
                ('description', models.CharField(blank=True, max_length=300, verbose_name='what it paid for')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('facility', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fundings', to='programmes.facility', verbose_name='facility')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                ('component_donors', models.ManyToManyField(blank=True, help_text='Donors the source names as funding this part of the programme.', related_name='funded_components', to='programmes.organisation', verbose_name='main donors of this component')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='facility_fundings', to='programmes.programme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'programme funding for a facility',
                'verbose_name_plural': 'programme funding for facilities',
                'ordering': ['facility__name'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='facility',
            name='programme',
            field=models.ForeignKey(blank=True, help_text='The programme that set up or supports the facility.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='facilities', to='programmes.programme', verbose_name='programme'),
        ),
        migrations.CreateModel(
            name='Contribution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, help_text='In the original currency. Leave empty when the source names the funding but no amount.', max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                ('currency', models.CharField(blank=True, choices=[('AED', 'UAE Dirham'), ('AFN', 'Afghani'), ('ALL', 'Lek'), ('AMD', 'Armenian Dram'), ('AOA', 'Kwanza'), ('ARS', 'Argentine Peso'), ('AUD', 'Australian Dollar'), ('AWG', 'Aruban Florin'), ('AZN', 'Azerbaijan Manat'), ('BAM', 'Convertible Mark'), ('BBD', 'Barbados Dollar'), ('BDT', 'Taka'), ('BHD', 'Bahraini Dinar'), ('BIF', 'Burundi Franc'), ('BMD', 'Bermudian Dollar'), ('BND', 'Brunei Dollar'), ('BOB', 'Boliviano'), ('BOV', 'Mvdol'), ('BRL', 'Brazilian Real'), ('BSD', 'Bahamian Dollar'), ('BTN', 'Ngultrum'), ('BWP', 'Pula'), ('BYN', 'Belarusian Ruble'), ('BZD', 'Belize Dollar'), ('CAD', 'Canadian Dollar'), ('CDF', 'Congolese Franc'), ('CHE', 'WIR Euro'), ('CHF', 'Swiss Franc'), ('CHW', 'WIR Franc'), ('CLF', 'Unidad de Fomento'), ('CLP', 'Chilean Peso'), ('CNY', 'Yuan Renminbi'), ('COP', 'Colombian Peso'), ('COU', 'Unidad de Valor Real'), ('CRC', 'Costa Rican Colon'), ('CUP', 'Cuban Peso'), ('CVE', 'Cabo Verde Escudo'), ('CZK', 'Czech Koruna'), ('DJF', 'Djibouti Franc'), ('DKK', 'Danish Krone'), ('DOP', 'Dominican Peso'), ('DZD', 'Algerian Dinar'), ('EGP', 'Egyptian Pound'), ('ERN', 'Nakfa'), ('ETB', 'Ethiopian Birr'), ('EUR', 'Euro'), ('FJD', 'Fiji Dollar'), ('FKP', 'Falkland Islands Pound'), ('GBP', 'Pound Sterling'), ('GEL', 'Lari'), ('GHS', 'Ghana Cedi'), ('GIP', 'Gibraltar Pound'), ('GMD', 'Dalasi'), ('GNF', 'Guinean Franc'), ('GTQ', 'Quetzal'), ('GYD', 'Guyana Dollar'), ('HKD', 'Hong Kong Dollar'), ('HNL', 'Lempira'), ('HTG', 'Gourde'), ('HUF', 'Forint'), ('IDR', 'Rupiah'), ('ILS', 'New Israeli Sheqel'), ('INR', 'Indian Rupee'), ('IQD', 'Iraqi Dinar'), ('IRR', 'Iranian Rial'), ('ISK', 'Iceland Krona'), ('JMD', 'Jamaican Dollar'), ('JOD', 'Jordanian Dinar'), ('JPY', 'Yen'), ('KES', 'Kenyan Shilling'), ('KGS', 'Som'), ('KHR', 'Riel'), ('KMF', 'Comorian Franc'), ('KPW', 'North Korean Won'), ('KRW', 'Won'), ('KWD', 'Kuwaiti Dinar'), ('KYD', 'Cayman Islands Dollar'), ('KZT', 'Tenge'), ('LAK', 'Lao Kip'), ('LBP', 'Lebanese Pound'), ('LKR', 'Sri Lanka Rupee'), ('LRD', 'Liberian Dollar'), ('LSL', 'Loti'), ('LYD', 'Libyan Dinar'), ('MAD', 'Moroccan Dirham'), ('MDL', 'Moldovan Leu'), ('MGA', 'Malagasy Ariary'), ('MKD', 'Denar'), ('MMK', 'Kyat'), ('MNT', 'Tugrik'), ('MOP', 'Pataca'), ('MRU', 'Ouguiya'), ('MUR', 'Mauritius Rupee'), ('MVR', 'Rufiyaa'), ('MWK', 'Malawi Kwacha'), ('MXN', 'Mexican Peso'), ('MXV', 'Mexican Unidad de Inversion (UDI)'), ('MYR', 'Malaysian Ringgit'), ('MZN', 'Mozambique Metical'), ('NAD', 'Namibia Dollar'), ('NGN', 'Naira'), ('NIO', 'Cordoba Oro'), ('NOK', 'Norwegian Krone'), ('NPR', 'Nepalese Rupee'), ('NZD', 'New Zealand Dollar'), ('OMR', 'Rial Omani'), ('PAB', 'Balboa'), ('PEN', 'Sol'), ('PGK', 'Kina'), ('PHP', 'Philippine Peso'), ('PKR', 'Pakistan Rupee'), ('PLN', 'Zloty'), ('PYG', 'Guarani'), ('QAR', 'Qatari Rial'), ('RON', 'Romanian Leu'), ('RSD', 'Serbian Dinar'), ('RUB', 'Russian Ruble'), ('RWF', 'Rwanda Franc'), ('SAR', 'Saudi Riyal'), ('SBD', 'Solomon Islands Dollar'), ('SCR', 'Seychelles Rupee'), ('SDG', 'Sudanese Pound'), ('SEK', 'Swedish Krona'), ('SGD', 'Singapore Dollar'), ('SHP', 'Saint Helena Pound'), ('SLE', 'Leone'), ('SOS', 'Somali Shilling'), ('SRD', 'Surinam Dollar'), ('SSP', 'South Sudanese Pound'), ('STN', 'Dobra'), ('SVC', 'El Salvador Colon'), ('SYP', 'Syrian Pound'), ('SZL', 'Lilangeni'), ('THB', 'Baht'), ('TJS', 'Somoni'), ('TMT', 'Turkmenistan New Manat'), ('TND', 'Tunisian Dinar'), ('TOP', 'Pa’anga'), ('TRY', 'Turkish Lira'), ('TTD', 'Trinidad and Tobago Dollar'), ('TWD', 'New Taiwan Dollar'), ('TZS', 'Tanzanian Shilling'), ('UAH', 'Hryvnia'), ('UGX', 'Uganda Shilling'), ('USD', 'US Dollar'), ('USN', 'US Dollar (Next day)'), ('UYI', 'Uruguay Peso en Unidades Indexadas (UI)'), ('UYU', 'Peso Uruguayo'), ('UYW', 'Unidad Previsional'), ('UZS', 'Uzbekistan Sum'), ('VED', 'Bolívar Soberano'), ('VES', 'Bolívar Soberano'), ('VND', 'Dong'), ('VUV', 'Vatu'), ('WST', 'Tala'), ('XAD', 'Arab Accounting Dinar'), ('XAF', 'CFA Franc BEAC'), ('XCD', 'East Caribbean Dollar'), ('XCG', 'Caribbean Guilder'), ('XOF', 'CFA Franc BCEAO'), ('XPF', 'CFP Franc'), ('YER', 'Yemeni Rial'), ('ZAR', 'Rand'), ('ZMW', 'Zambian Kwacha'), ('ZWG', 'Zimbabwe Gold')], help_text='ISO 4217 code of the original amount, for example JPY, KGS, USD.', max_length=3, verbose_name='currency')),
                ('amount_qualifier', models.CharField(choices=[('exact', 'exactly'), ('approximately', 'approximately'), ('more-than', 'more than'), ('less-than', 'less than')], default='exact', max_length=20, verbose_name='amount is')),
                ('amount_usd', models.DecimalField(blank=True, decimal_places=2, help_text='As the source reports it. Leave empty rather than converting it yourself.', max_digits=18, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='USD equivalent')),
                ('amount_usd_qualifier', models.CharField(choices=[('exact', 'exactly'), ('approximately', 'approximately'), ('more-than', 'more than'), ('less-than', 'less than')], default='exact', max_length=20, verbose_name='USD equivalent is')),
                ('date', models.DateField(blank=True, null=True, verbose_name='date')),
                ('date_precision', models.CharField(choices=[('day', 'Day'), ('month', 'Month only'), ('year', 'Year only')], default='day', max_length=10, verbose_name='date known to')),
                ('description', models.CharField(blank=True, help_text="For example 'Exchange of Notes signed in Tashkent'.", max_length=300, verbose_name='description')),
                ('source_note', models.TextField(blank=True, help_text='Where the source leaves something implied (a year, a day, a spelling), say here what was inferred and from what. Shown to readers as a footnote.', verbose_name='source note')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                ('donor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contributions', to='programmes.organisation', verbose_name='donor')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contributions', to='programmes.programme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'contribution',
                'verbose_name_plural': 'contributions',
                'ordering': ['-date', 'donor__name'],
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='organisation_not_its_own_parent'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('start_year__isnull', True), ('end_year__isnull', True), ('end_year__gte', models.F('start_year')), _connector='OR'), name='programme_ends_after_it_starts', violation_error_message='The last year cannot be before the first year.'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('start_year__isnull', True), ('start_year__range', (1990, 2100)), _connector='OR'), models.Q(('end_year__isnull', True), ('end_year__range', (1990, 2100)), _connector='OR')), name='programme_years_plausible'),
        ),
        migrations.AddConstraint(
            model_name='programme',
            constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='programme_not_its_own_parent'),
        ),
        migrations.AddConstraint(
            model_name='facilityfunding',
            constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', True), ('amount__gte', 0), _connector='OR'), name='programmes_facilityfunding_amount_not_negative', violation_error_message='An amount cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='facilityfunding',
            constraint=models.CheckConstraint(condition=models.Q(('amount_usd__isnull', True), ('amount_usd__gte', 0), _connector='OR'), name='programmes_facilityfunding_amount_usd_not_negative', violation_error_message='An amount cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='facilityfunding',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__isnull', True), ('currency', '')), models.Q(('amount__isnull', False), ('currency__in', ['AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS', 'VED', 'VES', 'VND', 'VUV', 'WST', 'XAD', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG'])), _connector='OR'), name='programmes_facilityfunding_currency_is_iso_4217', violation_error_message='An amount needs its ISO 4217 currency code, and a currency needs an amount.'),
        ),
        migrations.AddIndex(
            model_name='facility',
            index=models.Index(fields=['kind', 'status'], name='facility_kind_status'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(('latitude__isnull', True), ('latitude__range', (-90, 90)), _connector='OR'), name='facility_latitude_in_range', violation_error_message='Latitude must be between -90 and 90.'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(('longitude__isnull', True), ('longitude__range', (-180, 180)), _connector='OR'), name='facility_longitude_in_range', violation_error_message='Longitude must be between -180 and 180.'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__isnull', False), ('longitude__isnull', False)), _connector='OR'), name='facility_coordinates_complete', violation_error_message='Give both latitude and longitude, or neither.'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(('border_country__isnull', True), models.Q(('border_country', models.F('country')), _negated=True), _connector='OR'), name='facility_border_with_another_country', violation_error_message='A border runs between two different countries.'),
        ),
        migrations.AddConstraint(
            model_name='facility',
            constraint=models.CheckConstraint(condition=models.Q(('opened_on__isnull', True), ('opened_on_precision', 'day'), models.Q(('opened_on__day', 1), ('opened_on_precision', 'month')), models.Q(('opened_on__day', 1), ('opened_on__month', 1), ('opened_on_precision', 'year')), _connector='OR'), name='facility_opened_on_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(('amount__isnull', True), ('amount__gte', 0), _connector='OR'), name='programmes_contribution_amount_not_negative', violation_error_message='An amount cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(('amount_usd__isnull', True), ('amount_usd__gte', 0), _connector='OR'), name='programmes_contribution_amount_usd_not_negative', violation_error_message='An amount cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__isnull', True), ('currency', '')), models.Q(('amount__isnull', False), ('currency__in', ['AED', 'AFN', 'ALL', 'AMD', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU', 'UYW', 'UZS', 'VED', 'VES', 'VND', 'VUV', 'WST', 'XAD', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG'])), _connector='OR'), name='programmes_contribution_currency_is_iso_4217', violation_error_message='An amount needs its ISO 4217 currency code, and a currency needs an amount.'),
        ),
        migrations.AddConstraint(
            model_name='contribution',
            constraint=models.CheckConstraint(condition=models.Q(('date__isnull', True), ('date_precision', 'day'), models.Q(('date__day', 1), ('date_precision', 'month')), models.Q(('date__day', 1), ('date__month', 1), ('date_precision', 'year')), _connector='OR'), name='contribution_date_matches_precision', violation_error_message='A date known only to the month must be the 1st of that month, and one known only to the year must be 1 January.'),
        ),
    ]
