"""Pure branch rules, standard library only: money, denominations, roles, journal canonical form, errors."""
