#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

// libxml2 prints a few errors straight through its generic handler, which is variadic (Swift
// cannot define one) and writes to stderr by default: "xmlParseChunk: encoder error", say.
static void clibxml2_discard_generic_error(void *context, const char *message, ...)
    __attribute__((unused));
static void clibxml2_discard_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

// Handlers are per thread in libxml2; this silences the calling thread's generic one.
static inline void clibxml2_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, clibxml2_discard_generic_error);
}

// The calling thread's structured error handler, to put back after a parse borrowed it.
// (`xmlStructuredError` is a macro over a per-thread slot; Swift cannot read it.)
typedef struct {
    xmlStructuredErrorFunc handler;
    void *context;
} clibxml2_structured_handler;

static inline clibxml2_structured_handler clibxml2_current_structured_handler(void) {
    clibxml2_structured_handler current = { xmlStructuredError, xmlStructuredErrorContext };
    return current;
}

// The document tree a SAX2 default handler may have started; ours builds none, but freeing it
// here keeps the context's release in one call whatever the handler did.
static inline void clibxml2_free_push_context(xmlParserCtxtPtr context) {
    if (context == NULL) return;
    if (context->myDoc != NULL) {
        xmlFreeDoc(context->myDoc);
        context->myDoc = NULL;
    }
    xmlFreeParserCtxt(context);
}
