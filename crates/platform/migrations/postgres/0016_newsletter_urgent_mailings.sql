-- Urgent mailings (drug-supply alerts) go ahead of everything else: a bulk campaign that is
-- sending stops claiming while one is sending, and its delivery job runs at the alert priority.
ALTER TABLE campaigns ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
-- A list that accepts only express consent (an import stating implied consent is refused).
ALTER TABLE lists ADD COLUMN express_only INTEGER NOT NULL DEFAULT 0;
-- A list whose members only administrators see (others see its counts); its addresses leave in an
-- export only when an administrator names the list.
ALTER TABLE lists ADD COLUMN private_members INTEGER NOT NULL DEFAULT 0;
-- The list Rendezvous keeps itself for drug-supply alerts: not on the public lists page (it has
-- its own subscribe form, where people choose their areas).
INSERT INTO lists (slug, name_en, name_fr, description_en, description_fr, is_public, default_lang, created_at,
                   express_only, private_members)
VALUES ('alerts', 'Drug-supply alerts', 'Alertes sur l''approvisionnement en drogues',
        'Alerts about dangerous substances found in the drug supply where you chose, sent as soon as they are verified.',
        'Alertes sur des substances dangereuses trouvées dans l''approvisionnement en drogues là où vous l''avez choisi, envoyées dès qu''elles sont vérifiées.',
        0, 'en', 0, 1, 1);
