/* The facts of each certificate type, from its checked data (data.h):
 * a person and their address, or an address and its household. */

#include "certificates/render_int.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"

#define CELL_SIZE 10.5f
#define CELL_LEADING 14.0f
#define CELL_LINES_MAX 12

/* A string member of o, or "" (the data is checked: required ones are there). */
static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s != NULL ? s : "";
}

/* "12, rue de la Gare\nL-4240 Esch-sur-Alzette" (Luxembourg's way: the
 * number first). */
static void address_text(const json_t *a, struct gx_buf *out)
{
	const char *number = str(a, "house_number");
	if (number[0] != '\0')
		gx_buf_appendf(out, "%s, ", number);
	gx_buf_appendf(out, "%s\n%s %s", str(a, "street"), str(a, "postcode"), str(a, "locality"));
}

static void address_rows(struct gx_cert_layout *l, const json_t *a)
{
	struct gx_buf b = GX_BUF_INIT;
	address_text(a, &b);
	gx_cert_row(l, l->t->address, gx_buf_cstr(&b), GX_PDF_REGULAR);
	gx_cert_row(l, l->t->commune, str(a, "commune"), GX_PDF_REGULAR);
	gx_buf_free(&b);
}

void gx_cert_facts_residence(struct gx_cert_layout *l)
{
	const json_t *d = l->doc->data;
	char date[64];
	gx_cert_row(l, l->t->family_name, str(d, "family_name"), GX_PDF_BOLD);
	gx_cert_row(l, l->t->given_names, str(d, "given_name"), GX_PDF_BOLD);
	gx_cert_date_text(l->t, str(d, "birth_date"), date, sizeof(date));
	gx_cert_row(l, l->t->birth_date, date, GX_PDF_REGULAR);
	address_rows(l, json_object_get(d, "address"));
	const char *since = str(d, "resident_since");
	if (since[0] != '\0') {
		gx_cert_date_text(l->t, since, date, sizeof(date));
		gx_cert_row(l, l->t->resident_since, date, GX_PDF_REGULAR);
	}
}

/* The household table's columns: left edges, and the frame's right edge. */
static const float column_x[] = {GX_CERT_LEFT, GX_CERT_LEFT + 165, GX_CERT_LEFT + 345, GX_CERT_RIGHT};

static void table_head(struct gx_cert_layout *l)
{
	const char *heads[] = {l->t->family_name, l->t->given_names, l->t->birth_date};
	gx_cert_ink_muted(l);
	for (int c = 0; c < 3; c++)
		gx_pdf_text(&l->pdf, GX_PDF_REGULAR, 9, column_x[c], l->y - 12, heads[c], strlen(heads[c]));
	l->y -= 18;
	gx_cert_rule(l, l->y);
}

static void member_row(struct gx_cert_layout *l, const json_t *m)
{
	char date[64];
	gx_cert_date_text(l->t, str(m, "birth_date"), date, sizeof(date));
	const char *cells[] = {str(m, "family_name"), str(m, "given_name"), date};
	struct gx_pdf_line lines[3][CELL_LINES_MAX];
	size_t n[3], most = 1;
	for (int c = 0; c < 3; c++) {
		n[c] = gx_cert_wrap(l, c == 2 ? GX_PDF_REGULAR : GX_PDF_BOLD, CELL_SIZE, cells[c],
				    column_x[c + 1] - column_x[c] - 12, lines[c], CELL_LINES_MAX);
		most = n[c] > most ? n[c] : most;
	}
	float height = 7 + (float)most * CELL_LEADING + 6;
	if (gx_cert_layout_need(l, height))
		table_head(l);
	gx_cert_ink(l);
	for (int c = 0; c < 3; c++)
		for (size_t k = 0; k < n[c]; k++)
			gx_pdf_text(&l->pdf, c == 2 ? GX_PDF_REGULAR : GX_PDF_BOLD, CELL_SIZE, column_x[c],
				    l->y - 7 - 9 - (float)k * CELL_LEADING, cells[c] + lines[c][k].start, lines[c][k].len);
	l->y -= height;
	gx_cert_rule(l, l->y);
}

void gx_cert_facts_household(struct gx_cert_layout *l)
{
	const json_t *d = l->doc->data;
	address_rows(l, json_object_get(d, "address"));
	/* the heading, the table's head and its first row stay together */
	l->y -= 16;
	gx_cert_layout_need(l, 22 + 18 + 30);
	gx_cert_ink_accent(l);
	gx_pdf_text(&l->pdf, GX_PDF_BOLD, 11.5f, GX_CERT_LEFT, l->y - 12, l->t->members, strlen(l->t->members));
	l->y -= 22;
	table_head(l);
	const json_t *members = json_object_get(d, "members");
	for (size_t i = 0; i < json_array_size(members); i++)
		member_row(l, json_array_get(members, i));
}
