//! Admin: the audience report, as tables and SVG charts.

use crate::CommsUser;
use axum::extract::State;
use axum::response::Response;
use rendezvous_platform::AppState;
use rendezvous_platform::geo::{Country, Province};
use rendezvous_platform::i18n::Lang;
use rendezvous_platform::web::{AppError, PageContext, render};

use crate::chart;
use crate::model::ConsentKind;
use crate::reports::{self, AudienceReport};

#[derive(askama::Template)]
#[template(path = "admin/audience.html")]
struct AudiencePage {
    ctx: PageContext,
    report: AudienceReport,
    countries: Vec<(String, i64)>,
    provinces: Vec<(String, i64)>,
    languages: Vec<(String, i64)>,
    consents: Vec<(String, i64)>,
    country_chart: String,
    province_chart: String,
    growth_chart: String,
}

fn country_name(code: &str, lang: Lang, unknown: &str) -> String {
    Country::parse(code).map(|c| c.name(lang)).unwrap_or_else(|| unknown.to_owned())
}

pub async fn audience(State(state): State<AppState>, _: CommsUser, ctx: PageContext) -> Result<Response, AppError> {
    let report = reports::audience(&state.db, state.clock.now_ms()).await?;
    let unknown = ctx.t("report-unknown");
    let countries: Vec<(String, i64)> =
        report.by_country.iter().map(|(c, n)| (country_name(c, ctx.lang, &unknown), *n)).collect();
    let provinces: Vec<(String, i64)> = report
        .by_province
        .iter()
        .map(|(p, n)| (Province::parse(p).map_or_else(|| unknown.clone(), |p| p.name(ctx.lang).to_owned()), *n))
        .collect();
    let languages = report
        .by_language
        .iter()
        .map(|(l, n)| (Lang::parse(l).map_or_else(|| unknown.clone(), |l| l.native_name().to_owned()), *n))
        .collect();
    let consents = report
        .by_consent
        .iter()
        .map(|(k, n)| (ConsentKind::parse(k).map_or_else(|| unknown.clone(), |k| ctx.t(k.label_id())), *n))
        .collect();
    let top: Vec<(String, i64)> = countries.iter().take(12).cloned().collect();
    let country_chart = chart::bars(&ctx.t("report-by-country"), &top);
    let province_chart = chart::bars(&ctx.t("report-by-province"), &provinces);
    let growth_chart = chart::bars(&ctx.t("report-growth"), &report.growth);
    render(&AudiencePage {
        ctx,
        report,
        countries,
        provinces,
        languages,
        consents,
        country_chart,
        province_chart,
        growth_chart,
    })
}
