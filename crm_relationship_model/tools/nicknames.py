# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""First names that are one name: the formal name first, then its nicknames, short
forms and spellings in Dutch and other languages a Dutch customer base has. A name may
be in several groups ("jo": Johannes, Josephine); two first names agree when they share
a group."""

NAME_GROUPS = [
    # Dutch and Flemish
    "johannes jan hans johan joop jo hannes jannes jens john johnny jean juan giovanni "
    "ivan joao jantje han",
    "cornelis kees cor corne niels neel cornelius",
    "jacobus jacob jaap koos coos sjaak jacques jack jakob jim james jimmy jaco",
    "hendrik henk hein henri henry harry rik erik hendrikus heinrich enrique",
    "gerardus gerard gert gerrit geert gerhard ger",
    "wilhelmus willem wim pim willy william bill billy will wilhelm guillaume",
    "theodorus theo ted dorus teun",
    "antonius anton toon ton teun tony anthony antoine antonio",
    "petrus pieter piet peter pierre pedro pietro peer",
    "adrianus adriaan arie ad aad adrian adri janus",
    "franciscus frans frank francis francois francesco fransje",
    "nicolaas klaas nico niek nick nicholas nicolas claus klaus",
    "bernardus bernard ben benno bernd",
    "lambertus lambert bert bertus",
    "albertus albert bert appie",
    "huibert huib hubertus hubert",
    "gijsbertus gijs gijsbert",
    "josephus joseph jozef joep sjef joost jos joe jose giuseppe",
    "martinus martin maarten tijn martijn",
    "matthijs thijs mathias matthias matthew matteo mats",
    "robert rob robbie bob bobby roberto robin",
    "richard rick dick rich ricardo",
    "edward ed eddie edwin edo eduard eduardo",
    "alexander alex sander xander lex sascha alejandro",
    "christiaan chris christian kris christophe christopher",
    "michael michiel michel mike mick miguel michele",
    "stefan steven stephan stephen stef stijn esteban",
    "daniel daan dani danny",
    "thomas tom thom tommy tomas",
    "benjamin ben benji",
    "samuel sam sammy",
    "rudolf ruud rudi rudy dolf",
    "leonardus leonard leo leon",
    "arnoldus arnold arno noud nol",
    "reinier rein reinout",
    "dirk dick derk diederik dirck",
    "mohammed mohamed muhammad mohammad mehmet momo",
    "abdelkader kader",
    "ahmed ahmad",
    "youssef yusuf joseph",
    # Women
    "johanna anna hanna hannie anneke annie anne ans jo jantine jannie joke",
    "maria marie mies mieke ria marja mary miriam maaike marieke mia",
    "catharina katharina catherine cathy kathy karin kate katja toos trijntje rina",
    "wilhelmina wilma mina willemijn elma",
    "elisabeth elizabeth liesbeth lisa liz els elsa betty bep beth lies lisette elise ilse",
    "margaretha margaret margriet greet grietje greta gretha margot marga meta peggy",
    "cornelia corrie cora nel nelleke neeltje",
    "hendrika henny riek rieky hennie",
    "geertruida truus gertrude trudy geertje",
    "adriana jana adrie janny",
    "josephina josephine fien fientje jo josefien jose",
    "christina christine tineke tina stien kristien",
    "francisca francien cisca fran",
    "susanna suzanne susan sanne suus",
    "alexandra alex sandra sanne lexa",
    "jacoba coby co",
    "petronella nel pietje petra nelly",
    "helena helen lena leni heleen ellen elena",
    "aleida alida aaltje ida",
    "barbara barbera babs",
    "dorothea dorothy dora thea",
    "rebecca becky beck",
    "fatima fatma",
    "victoria vicky vicki",
]


def _build():
    groups = {}
    for group in NAME_GROUPS:
        words = group.split()
        for word in words:
            groups.setdefault(word, set()).add(words[0])
    return groups


NICKNAME_CANONICALS = _build()


def canonical_first_names(first):
    """The formal names a (normalised, lower-case) first name is a form of, itself when it
    is in no group: {"hans"} -> {"johannes"}, {"jo"} -> {"johannes", "josephina"}."""
    return NICKNAME_CANONICALS.get(first) or {first}
