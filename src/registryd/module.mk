# registryd, the reference authentic source: its library code (src/registryd/*.c)
# goes into libguichet.a like every module's; its main (src/registryd/main/)
# is kept out of the library and linked into build/<mode>/registryd.
REGISTRYD_MAIN_SRCS := $(wildcard src/registryd/main/*.c)
LIB_SRCS := $(filter-out $(REGISTRYD_MAIN_SRCS),$(LIB_SRCS))

# The Makefile sets PROGRAMS after including this file, so the program is
# added to the targets that build programs instead.
build unit-tests: $(B)/registryd

$(B)/registryd: $(patsubst %.c,$(B)/obj/%.o,$(REGISTRYD_MAIN_SRCS)) $(B)/libguichet.a
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@
