# guichet-witness: its decision, state and round (src/witness/*.c) go into
# libguichet.a like every module's and are unit-tested there; its main and
# its libcurl transport are kept out of the library (nothing else links
# libcurl) and linked into build/<mode>/guichet-witness.
WITNESS_PROG_SRCS := src/witness/main.c src/witness/http_curl.c
LIB_SRCS := $(filter-out $(WITNESS_PROG_SRCS),$(LIB_SRCS))
CURL_LIBS := $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl)

build unit-tests: $(B)/guichet-witness

$(B)/guichet-witness: $(patsubst %.c,$(B)/obj/%.o,$(WITNESS_PROG_SRCS)) $(B)/libguichet.a
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) $(CURL_LIBS) -o $@
