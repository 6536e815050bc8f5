# make mutate: every mutation in testsuite/mutate/mutations.txt must be
# caught by its suite, and every tag in required_tags.txt covered.
# make test runs the entries marked `sample`.
MUTATE := VX_BUILD=$(abspath $(B)) bash testsuite/mutate/mutate.sh

mutate: all $(GUEST_ELF)
	$(MUTATE)
mutate-sample: all $(GUEST_ELF)
	$(MUTATE) --sample
.PHONY: mutate mutate-sample
