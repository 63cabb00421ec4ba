#ifndef GX_PROCEDURES_VALIDATE_TESTDATA_H
#define GX_PROCEDURES_VALIDATE_TESTDATA_H

/** For the validator's unit test and its fuzz driver: one definition that has
 *  every kind of field, a group, conditions, computations and a rule. */

static const char gx_validate_testdata_definition[] =
	"{\"id\": \"test-procedure\", \"version\": 1, \"organisation\": \"commune\","
	" \"titles\": {\"fr\": \"T\", \"de\": \"T\", \"en\": \"T\"},"
	" \"statuses\": {\"submitted\": {\"to\": [\"completed\", \"rejected\"]}, \"completed\": {\"final\": true},"
	" \"rejected\": {\"final\": true}},"
	" \"steps\": ["
	"  {\"id\": \"you\", \"fields\": ["
	"   {\"id\": \"given_name\", \"kind\": \"text\", \"required\": true, \"min_length\": 2, \"max_length\": 20},"
	"   {\"id\": \"plate\", \"kind\": \"text\", \"pattern\": \"^[A-Z]{2} [0-9]{4}$\"},"
	"   {\"id\": \"birth_date\", \"kind\": \"date\", \"required\": true, \"min\": \"1900-01-01\", \"max\": \"today\"},"
	"   {\"id\": \"age\", \"kind\": \"number\", \"compute\": {\"op\": \"age\", \"of\": \"birth_date\"}},"
	"   {\"id\": \"national_id\", \"kind\": \"national_id\"},"
	"   {\"id\": \"email\", \"kind\": \"email\"},"
	"   {\"id\": \"phone\", \"kind\": \"phone\"},"
	"   {\"id\": \"iban\", \"kind\": \"iban\"},"
	"   {\"id\": \"has_partner\", \"kind\": \"yesno\", \"required\": true},"
	"   {\"id\": \"partner_name\", \"kind\": \"text\", \"show_if\": {\"field\": \"has_partner\", \"equals\": true},"
	"    \"required_if\": {\"field\": \"has_partner\", \"equals\": true}},"
	"   {\"id\": \"partner_job\", \"kind\": \"text\", \"required_if\": {\"field\": \"has_partner\", \"equals\": true}},"
	"   {\"id\": \"start_date\", \"kind\": \"date\", \"min\": \"today-30d\", \"max\": \"today+1y\"},"
	"   {\"id\": \"end_date\", \"kind\": \"date\"},"
	"   {\"id\": \"adult_birth\", \"kind\": \"date\", \"max\": \"today-18y\"},"
	"   {\"id\": \"address\", \"kind\": \"address\", \"required\": true}"
	"  ]},"
	"  {\"id\": \"money\", \"fields\": ["
	"   {\"id\": \"rent\", \"kind\": \"amount\", \"required\": true, \"min\": 0, \"max\": 500000},"
	"   {\"id\": \"charges\", \"kind\": \"amount\", \"min\": 0},"
	"   {\"id\": \"total\", \"kind\": \"amount\", \"compute\": {\"op\": \"sum\", \"of\": [\"rent\", \"charges\"]}},"
	"   {\"id\": \"rooms\", \"kind\": \"number\", \"min\": 1, \"max\": 20},"
	"   {\"id\": \"transport\", \"kind\": \"choice\", \"options\": [{\"value\": \"car\"}, {\"value\": \"bus\"}]},"
	"   {\"id\": \"languages\", \"kind\": \"multichoice\", \"min_items\": 2, \"max_items\": 3,"
	"    \"options\": [{\"value\": \"fr\"}, {\"value\": \"de\"}, {\"value\": \"en\"}, {\"value\": \"lb\"}]},"
	"   {\"id\": \"children\", \"kind\": \"group\", \"max_items\": 3, \"fields\": ["
	"     {\"id\": \"name\", \"kind\": \"text\", \"required\": true},"
	"     {\"id\": \"birth_date\", \"kind\": \"date\", \"required\": true, \"max\": \"today\"},"
	"     {\"id\": \"at_school\", \"kind\": \"yesno\"},"
	"     {\"id\": \"school\", \"kind\": \"text\", \"show_if\": {\"field\": \"at_school\", \"equals\": true}},"
	"     {\"id\": \"child_age\", \"kind\": \"number\", \"compute\": {\"op\": \"age\", \"of\": \"birth_date\"}}"
	"   ]},"
	"   {\"id\": \"documents\", \"kind\": \"file\", \"file\": {\"types\": [\"application/pdf\"], \"max_files\": 2}}"
	"  ]}"
	" ],"
	" \"rules\": [{\"id\": \"end_after_start\", \"field\": \"end_date\", \"op\": \">=\", \"other\": \"start_date\","
	"   \"messages\": {\"fr\": \"La fin suit le début\", \"de\": \"Das Ende folgt dem Beginn\","
	"   \"en\": \"The end comes after the start\"}}]"
	"}";

#endif
