# A test-only command-line tool, tests/tools/tlog_tool.c: deterministic
# trees, signed checkpoints, proofs and proof bundles for the witness
# integration test and the fuzz seeds. Built with the unit tests as
# build/<mode>/tests/translog/tlog_tool (tests/run.sh runs only *_test
# files, so it is not mistaken for a test); never part of a program.
TLOG_TOOL := $(B)/tests/translog/tlog_tool

unit-tests: $(TLOG_TOOL)

$(TLOG_TOOL): $(B)/obj/tests/tools/tlog_tool.o $(B)/libguichet.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@
