#ifndef GX_FORMS_TIMELINE_H
#define GX_FORMS_TIMELINE_H

/** A submission's timeline as the pages show it, to the person (the
 *  receipt page) and to its organisation (the case page) alike: when, what
 *  happened (a status, a request for information with its question, the
 *  person's answer, a decision, a use or the revocation of the reuse
 *  consent), who (the organisation and the actor's function, never a
 *  name), the public message, and the files, each linking to file_base +
 *  its id. */

#include <jansson.h>

#include "i18n/i18n.h"

/** Who reads the timeline: the titles of the person's own steps differ
 *  ("Your answer" to them, "The applicant's answer" to the organisation). */
enum gx_timeline_reader { GX_TIMELINE_PERSON, GX_TIMELINE_ORGANISATION };

/** The template data of events (core's gx_submission_timeline) for reader:
 *  [{when, title, who?, message?, question?, text?, files: [{name, href}],
 *  has_files, receipt?, signature?, kind_<kind>: true}] in lang, with t that
 *  language's catalog; files are the submission's attachments [{id, name,
 *  kind, event}]. New reference. */
json_t *gx_timeline_view(const json_t *events, const json_t *files, const json_t *t, enum gx_lang lang,
			 const char *file_base, enum gx_timeline_reader reader);

#endif
