"""Repositories, one module per aggregate (journal, outbox, till, staff and badges, custody,
review, authorisation requests, notifications, ...); declared on the units in teller.store.stores."""
