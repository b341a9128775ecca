"""Generated persons for the duplicate benchmarks: realistic Dutch and international
names (frequent names frequent, a long tail of rare ones), Dutch addresses, birthdates,
emails and phones; and duplicates made from them by the noise real duplicates have
(typos, swapped names, initials, nicknames, missing fields, moved house, another email,
another phone notation), with the truth known. Deterministic for a seed, made in chunks
(memory does not grow with the number of persons)."""

import datetime
import random

DUTCH_LAST = (
    "de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,"
    "de Boer,Mulder,de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer,de Wit,"
    "Dijkstra,Smits,de Graaf,van der Meer,van der Linden,Kok,Jacobs,de Haan,Vermeulen,"
    "van den Heuvel,van der Veen,van den Broek,de Bruijn,de Bruin,van der Heijden,Schouten,"
    "van Beek,Willems,van Vliet,van de Ven,Hoekstra,Maas,Verhoeven,Koster,van Dam,"
    "van der Wal,Prins,Blom,Huisman,Peeters,de Jonge,Kuipers,van Veen,Post,Kuiper,"
    "Veenstra,Kramer,van den Brink,Scholten,van Wijk,Postma,Martens,Vink,de Ruiter,Timmermans,"
    "Groen,Gerritsen,Jonker,van Loon,Boer,van der Velde,Willemsen,Smeets,de Lange,de Vos,"
    "Bosch,van Dongen,Schipper,de Koning,van der Laan,Koning,van der Velden,Driessen,van Doorn,"
    "Hermans,Evers,van den Bosch,van der Meulen,Hofman,Bosman,Wolters,Sanders,van der Horst,"
    "Mol,Kuijpers,Molenaar,van de Pol,de Leeuw,Verbeek,Oudshoorn,Zwart,Brink,Wouters"
).split(",")
INTERNATIONAL_LAST = (
    "Yilmaz,Kaya,Demir,Sahin,Celik,El Amrani,Bouzid,El Idrissi,Benali,Ait Said,Tahiri,"
    "Haddou,Santoso,Wijaya,Kusuma,Pattiasina,Nguyen,Tran,Kowalski,Nowak,Wisniewski,Schmidt,"
    "Müller,Schneider,Fischer,Weber,Smith,Jones,Williams,Brown,Taylor,Garcia,Rodriguez,"
    "Fernandes,da Silva,dos Santos,Rossi,Russo,Ferrari,Dubois,Lefebvre,Moreau,Singh,Kumar,"
    "Patel,Ramdin,Mohan,Baldew"
).split(",")
ROOTS = (
    "berg,bosch,dijk,veen,meer,hoek,kamp,horst,broek,beek,water,weg,laan,hout,wal,brink,"
    "velde,heuvel,haar,donk,burg,stede,sloot,hof,wijk,zand,kerk,molen,gaard,borg,brug"
).split(",")
FRONTS = (
    "Achter,Bloem,Boven,Eik,Groen,Hazel,Hoog,Kleine,Linde,Noord,Oost,Ooster,Roze,Steen,"
    "Vliet,Wester,Zuider,Klaver,Hul,Rijs,Dal,Rood,Esch,Bus,Kort,Lang,Mid,Neder,Over,Ruys"
).split(",")
SUFFIXES = ["", "", "", "man", "s", "er", "ink", "stra", "sma", "ema", "ing", "huis"]
PARTICLES = ["", "", "", "", "van ", "van de ", "van der ", "van den ", "de ", "ter "]
MALE = (
    "Jan,Johannes,Pieter,Cornelis,Hendrik,Willem,Gerrit,Jacobus,Adrianus,Petrus,Dirk,Thomas,"
    "Daan,Sem,Lucas,Levi,Finn,Bram,Ruben,Thijs,Jesse,Lars,Tim,Niels,Mark,Dennis,Martijn,"
    "Robert,Michael,Stefan,Jeroen,Bas,Wouter,Maarten,Sander,Erik,Rik,Joost,Koen,Marco,"
    "Mohammed,Ahmed,Youssef,Mehmet,Ali,Mustafa,Emre,Omar,Rachid,Karim,Arjun,Rohan,Piotr,"
    "Tomasz,Lukas,Jonas,David,Daniel,Samuel,Alexander,Christiaan,Theodorus,Antonius,"
    "Franciscus,Nicolaas,Bernardus,Lambertus,Gijsbertus,Reinier,Arnoldus,Leonardus,Richard"
).split(",")
FEMALE = (
    "Maria,Johanna,Anna,Cornelia,Elisabeth,Wilhelmina,Catharina,Hendrika,Margaretha,Emma,"
    "Julia,Sophie,Lotte,Sanne,Anouk,Fleur,Lisa,Eva,Iris,Femke,Esther,Linda,Sandra,Monique,"
    "Ingrid,Petra,Marieke,Nicole,Kim,Laura,Fatima,Aisha,Samira,Zeynep,Elif,Meryem,Yasmina,"
    "Priya,Anita,Agnieszka,Katarzyna,Hanna,Susanna,Christina,Josephina,Francisca,Helena,"
    "Dorothea,Barbara,Rebecca,Victoria,Alexandra,Petronella,Aleida,Geertruida,Jacoba"
).split(",")
NICKS = {
    "Johannes": ["Jan", "Hans", "Johan", "Joop"], "Cornelis": ["Kees", "Cor"],
    "Jacobus": ["Jaap", "Koos", "Sjaak"], "Hendrik": ["Henk", "Rik"], "Willem": ["Wim"],
    "Gerrit": ["Gert", "Ger"], "Adrianus": ["Arie", "Adriaan"], "Petrus": ["Piet", "Peter"],
    "Pieter": ["Piet"], "Robert": ["Bob", "Rob"], "Michael": ["Michiel", "Mike"],
    "Alexander": ["Alex", "Sander"], "Christiaan": ["Chris"], "Theodorus": ["Theo"],
    "Antonius": ["Anton", "Toon"], "Franciscus": ["Frans"], "Nicolaas": ["Klaas", "Nico"],
    "Bernardus": ["Bernard"], "Lambertus": ["Bert"], "Gijsbertus": ["Gijs"],
    "Maria": ["Mieke", "Ria", "Marie"], "Johanna": ["Anneke", "Hanna", "Jannie"],
    "Elisabeth": ["Liesbeth", "Els", "Lisa"], "Wilhelmina": ["Wilma", "Mina"],
    "Catharina": ["Karin", "Toos"], "Margaretha": ["Greet", "Margriet"],
    "Cornelia": ["Corrie", "Nel"], "Susanna": ["Suzanne", "Sanne"],
    "Josephina": ["Fien"], "Christina": ["Tineke", "Stien"], "Thomas": ["Tom"],
    "Richard": ["Rick"], "Daniel": ["Daan"], "Samuel": ["Sam"], "Mohammed": ["Mohamed"],
}  # fmt: skip
CITIES = (
    "Amsterdam,Rotterdam,Den Haag,Utrecht,Eindhoven,Groningen,Tilburg,Almere,Breda,Nijmegen,"
    "Apeldoorn,Haarlem,Arnhem,Enschede,Amersfoort,Zaanstad,Den Bosch,Haarlemmermeer,Zwolle,"
    "Leiden,Zoetermeer,Maastricht,Dordrecht,Ede,Alphen aan den Rijn,Leeuwarden,Alkmaar,"
    "Emmen,Delft,Venlo,Deventer,Sittard,Helmond,Oss,Hilversum,Heerlen,Amstelveen,Sneek,"
    "Purmerend,Roosendaal,Schiedam,Lelystad,Gouda,Hoorn,Vlaardingen,Assen,Harderwijk"
).split(",")
STREETS = (
    "Dorpsstraat,Kerkstraat,Schoolstraat,Molenweg,Stationsweg,Julianastraat,Beatrixlaan,"
    "Wilhelminastraat,Nieuwstraat,Hoofdstraat,Markt,Parallelweg,Eikenlaan,Beukenlaan,"
    "Lindelaan,Prinses Irenestraat,Oranjestraat,Emmastraat,Sportlaan,Industrieweg,"
    "Burgemeester de Withstraat,Vondelstraat,Rembrandtlaan,Spoorstraat,Kastanjelaan"
).split(",")
MAIL_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl",
                "xs4all.nl", "live.nl", "planet.nl", "home.nl", "icloud.com"]  # fmt: skip


def _zipf_choice(rng, items, s=1.0):
    """An item, the first ones much more often (a Zipf-like law)."""
    n = len(items)
    r = rng.random()
    # Inverse of the cumulative of 1/(k+1)^s, approximated by a power law.
    index = int(n ** (r**s)) - 1
    return items[min(max(index, 0), n - 1)]


def _last_name(rng):
    roll = rng.random()
    if roll < 0.45:
        return _zipf_choice(rng, DUTCH_LAST)
    if roll < 0.6:
        return _zipf_choice(rng, INTERNATIONAL_LAST)
    # The long tail: composed surnames, most of them rare.
    return (
        rng.choice(PARTICLES) + rng.choice(FRONTS) + rng.choice(ROOTS) + rng.choice(SUFFIXES)
    ).strip()


def make_human(rng, index):
    female = rng.random() < 0.5
    first = _zipf_choice(rng, FEMALE if female else MALE, 0.9)
    if rng.random() < 0.12:  # a second given name
        first += " " + rng.choice(FEMALE if female else MALE)
    last = _last_name(rng)
    city = _zipf_choice(rng, CITIES)
    postcode = f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}" + rng.choice(
        "ABCDEFGHJKLMNPRSTVWXZ"
    )
    birth = (
        datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 60 * 365))
        if rng.random() < 0.7
        else None
    )
    email = None
    if rng.random() < 0.8:
        # A mailbox is one human's: unique, as the number makes it here.
        local = f"{first.split()[0]}.{last.replace(' ', '')}".lower()
        email = f"{local}{index}@{rng.choice(MAIL_DOMAINS)}"
    phone = f"06{index % 100000000:08d}" if rng.random() < 0.7 else None
    return {
        "truth": index,
        "firstname": first,
        "lastname": last,
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 250)}",
        "zip": postcode,
        "city": city,
        "birthdate_date": birth,
        "email": email,
        "phone": phone,
    }


def _typo(rng, word):
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]
    if kind < 0.55:
        return word[:i] + word[i] + word[i:]
    if kind < 0.8:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]


def _other_notation(phone):
    return f"+31 6 {phone[2:6]} {phone[6:]}"


NOISES = ["typo_last", "typo_first", "nickname", "initials", "swap", "no_email",
          "no_phone", "no_birthdate", "moved", "other_email", "phone_notation",
          "birth_swap", "no_address"]  # fmt: skip


def make_duplicate(rng, human):
    """A record of the same human with one to three kinds of noise, keeping at least
    one of email, phone, address or birthdate (else no one could tell)."""
    dup = dict(human)
    for noise in rng.sample(NOISES, rng.randint(1, 3)):
        first = dup["firstname"].split()[0]
        if noise == "typo_last":
            dup["lastname"] = _typo(rng, dup["lastname"])
        elif noise == "typo_first":
            dup["firstname"] = _typo(rng, first)
        elif noise == "nickname" and first in NICKS:
            dup["firstname"] = rng.choice(NICKS[first])
        elif noise == "initials":
            dup["firstname"] = first[0] + "."
        elif noise == "swap":
            dup["firstname"], dup["lastname"] = dup["lastname"], first
        elif noise == "no_email":
            dup["email"] = None
        elif noise == "no_phone":
            dup["phone"] = None
        elif noise == "no_birthdate":
            dup["birthdate_date"] = None
        elif noise == "moved":
            dup.update(
                street=f"{rng.choice(STREETS)} {rng.randint(1, 250)}",
                zip=f"{rng.randint(1000, 9999)} AB",
                city=rng.choice(CITIES),
            )
        elif noise == "other_email" and dup["email"]:
            dup["email"] = "x" + dup["email"].split("@")[0] + "@" + rng.choice(MAIL_DOMAINS)
        elif noise == "phone_notation" and dup["phone"]:
            dup["phone"] = _other_notation(dup["phone"])
        elif noise == "birth_swap" and dup["birthdate_date"] and dup["birthdate_date"].day <= 12:
            b = dup["birthdate_date"]
            dup["birthdate_date"] = datetime.date(b.year, b.day, b.month)
        elif noise == "no_address":
            dup.update(street=None, zip=None, city=None)
    if not (
        (dup["email"] and dup["email"] == human["email"])
        or (dup["phone"] and human["phone"])
        or (dup["zip"] and dup["zip"] == human["zip"])
        or (dup["birthdate_date"] and human["birthdate_date"])
    ):
        dup["zip"], dup["street"], dup["city"] = human["zip"], human["street"], human["city"]
    return dup


def make_namesake(rng, human, index):
    """Another human with the same name: other birthdate, other city, nothing shared."""
    other = make_human(rng, index)
    other.update(firstname=human["firstname"], lastname=human["lastname"])
    if human["birthdate_date"] and other["birthdate_date"] == human["birthdate_date"]:
        other["birthdate_date"] += datetime.timedelta(days=400)
    return other


def generate(count, duplicate_rate=0.2, namesake_rate=0.02, seed=7, chunk=50000):
    """Yields chunks of records: each human, and after it its duplicates (the same
    truth) and namesakes (another truth). count counts the records of all kinds."""
    rng = random.Random(seed)
    made, index, records = 0, 0, []
    while made < count:
        human = make_human(rng, index)
        index += 1
        records.append(human)
        made += 1
        if rng.random() < duplicate_rate and made < count:
            records.append(make_duplicate(rng, human))
            made += 1
        if rng.random() < namesake_rate and made < count:
            records.append(make_namesake(rng, human, index))
            index += 1
            made += 1
        if len(records) >= chunk:
            yield records
            records = []
    if records:
        yield records
