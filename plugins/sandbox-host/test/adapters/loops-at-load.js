// Never finishes evaluating its bundle.
for (;;) {}
