//! The one integration-test binary: the real app over HTTP, on SQLite by default and on
//! PostgreSQL when TEST_DATABASE_URL is set, with mail caught by an in-process SMTP server.

mod accounts;
mod admin;
mod advocacy;
mod advocacy_fixtures;
mod alerts;
mod alerts_fixtures;
mod alerts_pages;
mod alerts_yield;
mod api_description;
mod api_members;
mod api_newsletter;
mod api_scopes;
mod cli;
mod code_rules;
mod forms_walk;
mod forum;
mod forum_access;
mod forum_input;
mod forum_notify;
mod forum_notify_reply;
mod forum_safety;
mod french_typography;
mod home;
mod i18n;
mod jobs;
mod library;
mod library_access;
mod library_news;
mod library_submissions;
mod mail;
mod members;
mod members_access;
mod members_orgs;
mod members_safety;
mod newsletter_admin;
mod newsletter_bounce_trust;
mod newsletter_bounces;
mod newsletter_campaign_delivery;
mod newsletter_campaign_pages;
mod newsletter_campaigns;
mod newsletter_forms;
mod newsletter_import;
mod newsletter_import_tools;
mod newsletter_pop3;
mod newsletter_public;
mod pages;
mod privacy;
mod security;
mod table_owners;
mod two_factor;
mod webhooks;

#[cfg(feature = "e2e")]
mod e2e;
