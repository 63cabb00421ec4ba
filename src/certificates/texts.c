/* The certificates' wording in French, German and English. */

#include "certificates/texts_int.h"

static const struct gx_cert_texts texts[GX_CERT_LANG_COUNT] = {
	[GX_CERT_FR] = {
		.intro = {
			[GX_CERT_RESIDENCE] = "Sur la base des données du registre national des personnes physiques, il est "
					      "certifié que la personne désignée ci-dessous a sa résidence à l’adresse suivante.",
			[GX_CERT_HOUSEHOLD] = "Sur la base des données du registre national des personnes physiques, il est "
					      "certifié que les personnes désignées ci-dessous forment un ménage à l’adresse "
					      "suivante.",
		},
		.family_name = "Nom",
		.given_names = "Prénom(s)",
		.birth_date = "Date de naissance",
		.address = "Adresse",
		.commune = "Commune",
		.resident_since = "À cette adresse depuis le",
		.members = "Membres du ménage",
		.issued = "Délivré le {date} à {time} (heure de Luxembourg) par {organisation}, sur la plateforme "
			  "{platform}.",
		.issued_short = "Délivré le {date}",
		.code_label = "Code de vérification",
		.check = "Vérifiez l’authenticité de ce certificat avec ce code sur {url}",
		.signed_note = "Ce document a été établi par voie électronique et signé électroniquement par "
			       "{platform}. Il est valable sans signature manuscrite.",
		.continued = "{title} (suite)",
		.page = "Page {n} / {count}",
		.date = "{day} {month} {year}",
		.first_day = "1er",
		.months = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
			   "octobre", "novembre", "décembre"},
	},
	[GX_CERT_DE] = {
		.intro = {
			[GX_CERT_RESIDENCE] = "Auf Grundlage der Daten des nationalen Registers der natürlichen Personen wird "
					      "bescheinigt, dass die nachstehend genannte Person unter der folgenden Anschrift "
					      "wohnhaft ist.",
			[GX_CERT_HOUSEHOLD] = "Auf Grundlage der Daten des nationalen Registers der natürlichen Personen wird "
					      "bescheinigt, dass die nachstehend genannten Personen unter der folgenden "
					      "Anschrift einen Haushalt bilden.",
		},
		.family_name = "Familienname",
		.given_names = "Vorname(n)",
		.birth_date = "Geburtsdatum",
		.address = "Anschrift",
		.commune = "Gemeinde",
		.resident_since = "An dieser Anschrift seit",
		.members = "Mitglieder des Haushalts",
		.issued = "Ausgestellt am {date} um {time} Uhr (Luxemburger Zeit) von {organisation} über die Plattform "
			  "{platform}.",
		.issued_short = "Ausgestellt am {date}",
		.code_label = "Prüfcode",
		.check = "Prüfen Sie die Echtheit dieser Bescheinigung mit diesem Code unter {url}",
		.signed_note = "Dieses Dokument wurde elektronisch erstellt und von {platform} elektronisch signiert. "
			       "Es ist ohne handschriftliche Unterschrift gültig.",
		.continued = "{title} (Fortsetzung)",
		.page = "Seite {n} / {count}",
		.date = "{day}. {month} {year}",
		.first_day = "1",
		.months = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
			   "November", "Dezember"},
	},
	[GX_CERT_EN] = {
		.intro = {
			[GX_CERT_RESIDENCE] = "On the basis of the data in the national register of natural persons, it is "
					      "hereby certified that the person named below resides at the following address.",
			[GX_CERT_HOUSEHOLD] = "On the basis of the data in the national register of natural persons, it is "
					      "hereby certified that the persons named below form a household at the following "
					      "address.",
		},
		.family_name = "Family name",
		.given_names = "Given name(s)",
		.birth_date = "Date of birth",
		.address = "Address",
		.commune = "Municipality",
		.resident_since = "At this address since",
		.members = "Members of the household",
		.issued = "Issued on {date} at {time} (Luxembourg time) by {organisation} on the {platform} platform.",
		.issued_short = "Issued on {date}",
		.code_label = "Verification code",
		.check = "Check that this certificate is genuine with this code at {url}",
		.signed_note = "This document was issued electronically and electronically signed by {platform}. "
			       "It is valid without a handwritten signature.",
		.continued = "{title} (continued)",
		.page = "Page {n} of {count}",
		.date = "{day} {month} {year}",
		.first_day = "1",
		.months = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
			   "October", "November", "December"},
	},
};

const struct gx_cert_texts *gx_cert_texts(enum gx_cert_lang lang)
{
	return &texts[lang];
}
