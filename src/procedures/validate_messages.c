/** The validator's messages in French, German and English, each with its
 *  stable code; "{}" stands for a bound of the definition, never a value. */

#include <stdlib.h>
#include <string.h>

#include "procedures/validate_int.h"

struct msg {
	const char *code;
	const char *text[GX_SV__LANGS]; /* fr, de, en */
};

static const struct msg msgs[GX_SV__MSGS] = {
	[GX_SV_REQUIRED] = {"required",
			    {"Ce champ est obligatoire", "Dieses Feld ist ein Pflichtfeld", "This field is required"}},
	[GX_SV_WRONG_TYPE] = {"wrong_type",
			      {"Cette réponse n'a pas la forme attendue", "Diese Angabe hat nicht die erwartete Form",
			       "This answer is not in the expected form"}},
	[GX_SV_WRONG_TYPE_TEXT] = {"wrong_type", {"Saisissez un texte", "Geben Sie einen Text ein", "Enter some text"}},
	[GX_SV_WRONG_TYPE_NUMBER] = {"wrong_type", {"Saisissez un nombre", "Geben Sie eine Zahl ein", "Enter a number"}},
	[GX_SV_WRONG_TYPE_AMOUNT] = {"wrong_type",
				     {"Saisissez un montant en euros et centimes", "Geben Sie einen Betrag in Euro und Cent ein",
				      "Enter an amount in euros and cents"}},
	[GX_SV_WRONG_TYPE_YESNO] = {"wrong_type", {"Répondez par oui ou non", "Antworten Sie mit Ja oder Nein",
						   "Answer yes or no"}},
	[GX_SV_WRONG_TYPE_LIST] = {"wrong_type", {"Cette réponse doit être une liste", "Diese Angabe muss eine Liste sein",
						  "This answer must be a list"}},
	[GX_SV_BAD_ATTACHMENT] = {"wrong_type",
				  {"Cette pièce jointe n'est pas valide : téléversez à nouveau le fichier",
				   "Dieser Anhang ist ungültig: laden Sie die Datei erneut hoch",
				   "This attachment is not valid: upload the file again"}},
	[GX_SV_UNKNOWN_ATTACHMENT] = {"unknown_attachment",
				      {"Un fichier n'a pas été téléversé pour cette question : téléversez-le ici",
				       "Eine Datei wurde nicht für diese Frage hochgeladen: laden Sie sie hier hoch",
				       "A file was not uploaded for this question: upload it here"}},
	[GX_SV_UNKNOWN_FIELD] = {"unknown_field",
				 {"Ce champ ne fait pas partie du formulaire", "Dieses Feld gehört nicht zum Formular",
				  "This field is not part of the form"}},
	[GX_SV_TOO_SHORT] = {"too_short",
			     {"Saisissez au moins {} caractères", "Geben Sie mindestens {} Zeichen ein",
			      "Enter at least {} characters"}},
	[GX_SV_TOO_LONG] = {"too_long",
			    {"Saisissez au plus {} caractères", "Geben Sie höchstens {} Zeichen ein",
			     "Enter at most {} characters"}},
	[GX_SV_PATTERN] = {"pattern",
			   {"Cette réponse n'a pas le format attendu", "Diese Angabe hat nicht das erwartete Format",
			    "This answer is not in the expected format"}},
	[GX_SV_BAD_COUNTRY] = {"pattern",
			       {"Indiquez le pays par un code de trois lettres comme LUX",
				"Geben Sie das Land mit einem Code aus drei Buchstaben an, z. B. LUX",
				"Enter the country as a three-letter code such as LUX"}},
	[GX_SV_NUMBER_TOO_SMALL] = {"too_small",
				    {"Saisissez un nombre d'au moins {}", "Geben Sie eine Zahl von mindestens {} ein",
				     "Enter a number of at least {}"}},
	[GX_SV_NUMBER_TOO_LARGE] = {"too_large",
				    {"Saisissez un nombre d'au plus {}", "Geben Sie eine Zahl von höchstens {} ein",
				     "Enter a number of at most {}"}},
	[GX_SV_AMOUNT_TOO_SMALL] = {"too_small",
				    {"Saisissez un montant d'au moins {} €", "Geben Sie einen Betrag von mindestens {} € ein",
				     "Enter an amount of at least € {}"}},
	[GX_SV_AMOUNT_TOO_LARGE] = {"too_large",
				    {"Saisissez un montant d'au plus {} €", "Geben Sie einen Betrag von höchstens {} € ein",
				     "Enter an amount of at most € {}"}},
	[GX_SV_DATE_TOO_EARLY] = {"too_small",
				  {"Saisissez une date à partir du {}", "Geben Sie ein Datum ab dem {} ein",
				   "Enter a date on or after {}"}},
	[GX_SV_DATE_TOO_LATE] = {"too_large",
				 {"Saisissez une date jusqu'au {}", "Geben Sie ein Datum bis zum {} ein",
				  "Enter a date on or before {}"}},
	[GX_SV_NOT_AN_OPTION] = {"not_an_option",
				 {"Choisissez l'une des options proposées", "Wählen Sie eine der angebotenen Möglichkeiten",
				  "Choose one of the options"}},
	[GX_SV_REPEATED_OPTION] = {"not_an_option",
				   {"Choisissez chaque option une seule fois", "Wählen Sie jede Möglichkeit nur einmal",
				    "Choose each option only once"}},
	[GX_SV_TOO_FEW_OPTIONS] = {"too_few",
				   {"Choisissez au moins {} options", "Wählen Sie mindestens {} Möglichkeiten",
				    "Choose at least {} options"}},
	[GX_SV_TOO_MANY_OPTIONS] = {"too_many",
				    {"Choisissez au plus {} options", "Wählen Sie höchstens {} Möglichkeiten",
				     "Choose at most {} options"}},
	[GX_SV_TOO_FEW_ENTRIES] = {"too_few",
				   {"Ajoutez au moins {} éléments", "Fügen Sie mindestens {} Einträge hinzu",
				    "Add at least {} entries"}},
	[GX_SV_TOO_MANY_ENTRIES] = {"too_many",
				    {"Ajoutez au plus {} éléments", "Fügen Sie höchstens {} Einträge hinzu",
				     "Add at most {} entries"}},
	[GX_SV_TOO_MANY_FILES] = {"too_many",
				  {"Joignez au plus {} fichiers", "Hängen Sie höchstens {} Dateien an",
				   "Attach at most {} files"}},
	[GX_SV_INVALID_DATE] = {"invalid_date",
				{"Saisissez la date au format 2026-01-29", "Geben Sie das Datum im Format 2026-01-29 ein",
				 "Enter the date in the form 2026-01-29"}},
	[GX_SV_INVALID_IBAN] = {"invalid_iban",
				{"Cet IBAN n'est pas valide : vérifiez-le sur votre relevé bancaire",
				 "Diese IBAN ist ungültig: prüfen Sie sie auf Ihrem Kontoauszug",
				 "This IBAN is not valid: check it on your bank statement"}},
	[GX_SV_INVALID_EMAIL] = {"invalid_email",
				 {"Saisissez une adresse e-mail comme nom@exemple.lu",
				  "Geben Sie eine E-Mail-Adresse wie name@beispiel.lu ein",
				  "Enter an email address such as name@example.lu"}},
	[GX_SV_INVALID_PHONE] = {"invalid_phone",
				 {"Saisissez un numéro avec l'indicatif du pays, comme +352 621 123 456",
				  "Geben Sie eine Nummer mit Ländervorwahl ein, z. B. +352 621 123 456",
				  "Enter a number with its country code, such as +352 621 123 456"}},
	[GX_SV_INVALID_NATIONAL_ID] = {"invalid_national_id",
				       {"Ce matricule n'est pas valide : vérifiez les 13 chiffres sur la carte d'identité",
					"Diese Identifikationsnummer ist ungültig: prüfen Sie die 13 Ziffern auf dem Ausweis",
					"This national identification number is not valid: check the 13 digits on the identity card"}},
	[GX_SV_INVALID_POSTCODE] = {"invalid_postcode",
				    {"Saisissez un code postal luxembourgeois comme L-1234",
				     "Geben Sie eine luxemburgische Postleitzahl wie L-1234 ein",
				     "Enter a Luxembourg postcode such as L-1234"}},
	[GX_SV_RULE] = {"rule",
			{"Cette réponse ne concorde pas avec une autre réponse", "Diese Angabe passt nicht zu einer anderen Angabe",
			 "This answer does not fit with another answer"}},
	[GX_SV_COMPUTED] = {"computed_field",
			    {"Cette valeur est calculée : ne la remplissez pas", "Dieser Wert wird berechnet: füllen Sie ihn nicht aus",
			     "This value is calculated: do not fill it in"}},
	[GX_SV_REUSE_REQUIRED] = {"required",
				  {"Indiquez si l'organisme peut obtenir lui-même ces données auprès des registres",
				   "Geben Sie an, ob die Behörde diese Daten selbst bei den Registern abrufen darf",
				   "Say whether the organisation may fetch these data from the registers itself"}},
	[GX_SV_REQUIRED_TEXT] = {"required", {"Saisissez une réponse", "Geben Sie eine Antwort ein", "Enter an answer"}},
	[GX_SV_REQUIRED_NUMBER] = {"required", {"Saisissez un nombre", "Geben Sie eine Zahl ein", "Enter a number"}},
	[GX_SV_REQUIRED_AMOUNT] = {"required",
				   {"Saisissez un montant en euros, par exemple 125,50",
				    "Geben Sie einen Betrag in Euro ein, zum Beispiel 125,50",
				    "Enter an amount in euros, for example 125.50"}},
	[GX_SV_REQUIRED_DATE] = {"required",
				 {"Saisissez la date au format 2026-01-29", "Geben Sie das Datum im Format 2026-01-29 ein",
				  "Enter the date in the form 2026-01-29"}},
	[GX_SV_REQUIRED_CHOICE] = {"required",
				   {"Choisissez une des réponses proposées", "Wählen Sie eine der angebotenen Möglichkeiten",
				    "Select one of the options"}},
	[GX_SV_REQUIRED_MULTICHOICE] = {"required",
					{"Choisissez au moins une des réponses proposées",
					 "Wählen Sie mindestens eine der angebotenen Möglichkeiten",
					 "Select at least one of the options"}},
	[GX_SV_REQUIRED_YESNO] = {"required", {"Choisissez oui ou non", "Wählen Sie Ja oder Nein", "Select yes or no"}},
	[GX_SV_REQUIRED_ADDRESS] = {"required",
				    {"Saisissez l'adresse : rue, code postal et localité",
				     "Geben Sie die Adresse ein: Straße, Postleitzahl und Ort",
				     "Enter the address: street, postcode and locality"}},
	[GX_SV_REQUIRED_IBAN] = {"required",
				 {"Saisissez l'IBAN, par exemple LU28 0019 4006 4475 0000",
				  "Geben Sie die IBAN ein, zum Beispiel LU28 0019 4006 4475 0000",
				  "Enter the IBAN, for example LU28 0019 4006 4475 0000"}},
	[GX_SV_REQUIRED_EMAIL] = {"required",
				  {"Saisissez une adresse e-mail, par exemple nom@exemple.lu",
				   "Geben Sie eine E-Mail-Adresse ein, zum Beispiel name@beispiel.lu",
				   "Enter an email address, for example name@example.lu"}},
	[GX_SV_REQUIRED_PHONE] = {"required",
				  {"Saisissez un numéro avec l'indicatif du pays, par exemple +352 621 123 456",
				   "Geben Sie eine Nummer mit Ländervorwahl ein, zum Beispiel +352 621 123 456",
				   "Enter a phone number with the country code, for example +352 621 123 456"}},
	[GX_SV_REQUIRED_NATIONAL_ID] = {"required",
					{"Saisissez le matricule de 13 chiffres", "Geben Sie die 13-stellige Matrikelnummer ein",
					 "Enter the 13-digit national identification number"}},
	[GX_SV_REQUIRED_GROUP] = {"required",
				  {"Ajoutez au moins un élément", "Fügen Sie mindestens einen Eintrag hinzu",
				   "Add at least one entry"}},
	[GX_SV_REQUIRED_FILE] = {"required", {"Téléversez un fichier", "Laden Sie eine Datei hoch", "Upload a file"}},
	[GX_SV_REQUIRED_STREET] = {"required", {"Saisissez la rue", "Geben Sie die Straße ein", "Enter the street"}},
	[GX_SV_REQUIRED_POSTCODE] = {"required",
				     {"Saisissez le code postal", "Geben Sie die Postleitzahl ein", "Enter the postcode"}},
	[GX_SV_REQUIRED_LOCALITY] = {"required",
				     {"Saisissez la localité", "Geben Sie den Ort ein", "Enter the locality"}},
};

enum gx_sv_msg gx_sv_required(enum gx_field_kind kind)
{
	switch (kind) {
	case GX_FIELD_TEXT:
		return GX_SV_REQUIRED_TEXT;
	case GX_FIELD_NUMBER:
		return GX_SV_REQUIRED_NUMBER;
	case GX_FIELD_AMOUNT:
		return GX_SV_REQUIRED_AMOUNT;
	case GX_FIELD_DATE:
		return GX_SV_REQUIRED_DATE;
	case GX_FIELD_CHOICE:
		return GX_SV_REQUIRED_CHOICE;
	case GX_FIELD_MULTICHOICE:
		return GX_SV_REQUIRED_MULTICHOICE;
	case GX_FIELD_YESNO:
		return GX_SV_REQUIRED_YESNO;
	case GX_FIELD_ADDRESS:
		return GX_SV_REQUIRED_ADDRESS;
	case GX_FIELD_IBAN:
		return GX_SV_REQUIRED_IBAN;
	case GX_FIELD_EMAIL:
		return GX_SV_REQUIRED_EMAIL;
	case GX_FIELD_PHONE:
		return GX_SV_REQUIRED_PHONE;
	case GX_FIELD_NATIONAL_ID:
		return GX_SV_REQUIRED_NATIONAL_ID;
	case GX_FIELD_GROUP:
		return GX_SV_REQUIRED_GROUP;
	case GX_FIELD_FILE:
		return GX_SV_REQUIRED_FILE;
	default:
		return GX_SV_REQUIRED;
	}
}

const char *gx_sv_code(enum gx_sv_msg m)
{
	return (unsigned)m < GX_SV__MSGS ? msgs[m].code : "wrong_type";
}

enum gx_sv_lang gx_sv_lang(const char *lang)
{
	if (lang != NULL && (strcmp(lang, "de") == 0 || strcmp(lang, "lb") == 0))
		return GX_SV_DE;
	if (lang != NULL && strcmp(lang, "en") == 0)
		return GX_SV_EN;
	return GX_SV_FR;
}

void gx_sv_error_text(struct gx_sv *c, const char *code, const char *text)
{
	if (c->oom || json_array_size(c->errors) >= GX_SUBMISSION_MAX_ERRORS)
		return;
	json_t *e = json_pack("{s:s, s:s, s:s}", "field", c->ptr, "code", code, "message", text);
	if (e != NULL && c->label_len > 0 && json_object_set_new(e, "label", json_string(c->label)) != 0) {
		json_decref(e);
		e = NULL;
	}
	if (e == NULL || json_array_append_new(c->errors, e) != 0)
		c->oom = true;
}

void gx_sv_error(struct gx_sv *c, enum gx_sv_msg m, const char *arg)
{
	if ((unsigned)m >= GX_SV__MSGS)
		m = GX_SV_WRONG_TYPE;
	const char *t = msgs[m].text[c->lang];
	const char *at = strstr(t, "{}");
	if (at == NULL || arg == NULL) {
		gx_sv_error_text(c, msgs[m].code, t);
		return;
	}
	size_t a = (size_t)(at - t), b = strlen(arg), r = strlen(at + 2);
	char *s = malloc(a + b + r + 1);
	if (s == NULL) {
		c->oom = true;
		return;
	}
	memcpy(s, t, a);
	memcpy(s + a, arg, b);
	memcpy(s + a + b, at + 2, r + 1);
	gx_sv_error_text(c, msgs[m].code, s);
	free(s);
}
