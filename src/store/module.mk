# The store embeds its numbered SQL migrations into the library.
STORE_MIGRATIONS := $(sort $(wildcard src/store/sql/[0-9]*.sql))
GEN_SRCS += $(B)/gen/store_migrations.c

$(B)/gen/store_migrations.c: $(STORE_MIGRATIONS) src/store/embed_sql.sh
	@mkdir -p $(dir $@)
	@sh src/store/embed_sql.sh $(STORE_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/gen/store_migrations.o: $(B)/gen/store_migrations.c
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c $< -o $@
