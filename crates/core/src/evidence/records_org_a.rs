//! Typed records of the organisational evidence, part A (see
//! [`super::schema_org_a`]), and the indexes the rules of issue 5 part A use.

use chrono::NaiveDate;

use super::records::{str_enum, Row, RowError};
use super::snapshot::{Evidence, Snapshot};
use crate::fxhash::FxHashMap;

str_enum!(TrainingKind {
    OnboardingBriefing = "onboarding_briefing",
    Basic = "basic",
    Specialist = "specialist",
    Awareness = "awareness",
});
str_enum!(AssetKind { Hardware = "hardware", Software = "software", Information = "information" });
str_enum!(AssetCategory {
    Desktop = "desktop",
    Laptop = "laptop",
    Server = "server",
    NetworkDevice = "network_device",
    SecurityDevice = "security_device",
    StorageDevice = "storage_device",
    RemovableMedia = "removable_media",
    Printer = "printer",
    MobileDevice = "mobile_device",
    OtherHardware = "other_hardware",
    SystemSoftware = "system_software",
    Application = "application",
    Database = "database",
    DevTool = "dev_tool",
    Dataset = "dataset",
    Document = "document",
    Other = "other",
});
str_enum!(AssetRole {
    Workstation = "workstation",
    AdminPc = "admin_pc",
    StateSecretPc = "state_secret_pc",
    HighLevelPc = "high_level_pc",
    InternetOnlyPc = "internet_only_pc",
    Server = "server",
    InternetAccessGateway = "internet_access_gateway",
    PublicWebsite = "public_website",
    PublicService = "public_service",
    Email = "email",
    UpdateServer = "update_server",
});
str_enum!(AssetStatus { Active = "active", Spare = "spare", Repair = "repair", Repurposed = "repurposed", Disposed = "disposed" });
str_enum!(AssetEventKind {
    Repair = "repair",
    Repurpose = "repurpose",
    Dispose = "dispose",
    Inspection = "inspection",
    Maintenance = "maintenance",
});
str_enum!(WipeMethod {
    None = "none",
    Delete = "delete",
    Format = "format",
    Overwrite = "overwrite",
    CryptoErase = "crypto_erase",
    Degauss = "degauss",
    Destroyed = "destroyed",
});
str_enum!(LocalMemberKind { User = "user", Admin = "admin", Service = "service", Builtin = "builtin", Group = "group" });
str_enum!(AccessTarget { InternalNetwork = "internal_network", InternalApp = "internal_app", PublicService = "public_service" });
str_enum!(ZoneKind {
    Work = "work",
    Server = "server",
    Management = "management",
    Dmz = "dmz",
    InternetOnly = "internet_only",
    Internet = "internet",
    Other = "other",
});
str_enum!(ExposureKind { Incident = "incident", Vulnerability = "vulnerability", LentForUrgentWork = "lent_for_urgent_work" });

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HrReconciliation {
    pub reconciliation_id: String,
    pub unit_code: Option<String>,
    pub system_id: Option<String>,
    pub reconciled_on: NaiveDate,
    pub document_no: Option<String>,
}

impl HrReconciliation {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(HrReconciliation {
            reconciliation_id: r.text(0)?,
            unit_code: r.opt_text(1)?,
            system_id: r.opt_text(2)?,
            reconciled_on: r.date(3)?,
            document_no: r.opt_text(4)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountReview {
    pub review_id: String,
    pub system_id: String,
    pub reviewed_on: NaiveDate,
    pub reviewer: Option<String>,
    pub document_no: Option<String>,
}

impl AccountReview {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(AccountReview {
            review_id: r.text(0)?,
            system_id: r.text(1)?,
            reviewed_on: r.date(2)?,
            reviewer: r.opt_text(3)?,
            document_no: r.opt_text(4)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockRequest {
    pub request_id: String,
    pub system_id: String,
    pub username: String,
    pub requested_by_unit: Option<String>,
    pub requested_on: NaiveDate,
    pub document_no: Option<String>,
    pub executed_on: Option<NaiveDate>,
}

impl LockRequest {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(LockRequest {
            request_id: r.text(0)?,
            system_id: r.text(1)?,
            username: r.text(2)?,
            requested_by_unit: r.opt_text(3)?,
            requested_on: r.date(4)?,
            document_no: r.opt_text(5)?,
            executed_on: r.opt_date(6)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub person_id: String,
    pub kind: TrainingKind,
    pub trained_on: NaiveDate,
    pub course: Option<String>,
    pub provider: Option<String>,
}

impl Training {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Training {
            person_id: r.text(0)?,
            kind: r.enumerated(1, TrainingKind::parse)?,
            trained_on: r.date(2)?,
            course: r.opt_text(3)?,
            provider: r.opt_text(4)?,
        })
    }

    /// Evidence reference: `trainings/PERSON/KIND/DATE`.
    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("trainings/{}/{}/{}", self.person_id, self.kind.as_str(), self.trained_on)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingNeed {
    pub unit_code: String,
    pub year: i32,
    pub sent_on: Option<NaiveDate>,
    pub document_no: Option<String>,
}

impl TrainingNeed {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(TrainingNeed {
            unit_code: r.text(0)?,
            year: r.opt_int(1)?.and_then(|y| i32::try_from(y).ok()).unwrap_or(0),
            sent_on: r.opt_date(2)?,
            document_no: r.opt_text(3)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub record_no: String,
    pub person_id: String,
    pub hr_event_id: Option<String>,
    pub handover_date: NaiveDate,
    pub received_by: Option<String>,
    /// `SYSTEM/username` of accounts whose credentials were handed over.
    pub accounts: Vec<String>,
    pub assets: Vec<String>,
}

impl Handover {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Handover {
            record_no: r.text(0)?,
            person_id: r.text(1)?,
            hr_event_id: r.opt_text(2)?,
            handover_date: r.date(3)?,
            received_by: r.opt_text(4)?,
            accounts: r.list(5)?,
            assets: r.list(6)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordExposure {
    pub exposure_id: String,
    pub kind: ExposureKind,
    pub system_id: String,
    /// Empty: every active account of the system.
    pub usernames: Vec<String>,
    pub notified_on: NaiveDate,
    pub reference: Option<String>,
}

impl PasswordExposure {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(PasswordExposure {
            exposure_id: r.text(0)?,
            kind: r.enumerated(1, ExposureKind::parse)?,
            system_id: r.text(2)?,
            usernames: r.list(3)?,
            notified_on: r.date(4)?,
            reference: r.opt_text(5)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub asset_id: String,
    pub name: Option<String>,
    pub kind: AssetKind,
    pub category: Option<AssetCategory>,
    pub roles: Vec<AssetRole>,
    pub system_id: Option<String>,
    pub custodian_person: Option<String>,
    pub custodian_unit: Option<String>,
    pub location: Option<String>,
    pub sensitive_data: Option<bool>,
    pub has_storage: Option<bool>,
    pub networked: Option<bool>,
    pub internet_connected: Option<bool>,
    pub encrypted: Option<bool>,
    pub status: AssetStatus,
    pub status_date: Option<NaiveDate>,
    pub acquired_on: Option<NaiveDate>,
}

impl Asset {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(Asset {
            asset_id: r.text(0)?,
            name: r.opt_text(1)?,
            kind: r.enumerated(2, AssetKind::parse)?,
            category: r.opt_enumerated(3, AssetCategory::parse)?,
            roles: r.list(4)?.iter().filter_map(|s| AssetRole::parse(s)).collect(),
            system_id: r.opt_text(5)?,
            custodian_person: r.opt_text(6)?,
            custodian_unit: r.opt_text(7)?,
            location: r.opt_text(8)?,
            sensitive_data: r.opt_bool(9)?,
            has_storage: r.opt_bool(10)?,
            networked: r.opt_bool(11)?,
            internet_connected: r.opt_bool(12)?,
            encrypted: r.opt_bool(13)?,
            status: r.enumerated(14, AssetStatus::parse)?,
            status_date: r.opt_date(15)?,
            acquired_on: r.opt_date(16)?,
        })
    }

    #[must_use]
    pub fn has_role(&self, role: AssetRole) -> bool {
        self.roles.contains(&role)
    }

    /// A personal computer (desktop or laptop).
    #[must_use]
    pub fn is_pc(&self) -> bool {
        matches!(self.category, Some(AssetCategory::Desktop | AssetCategory::Laptop))
            || self.roles.iter().any(|r| {
                matches!(
                    r,
                    AssetRole::Workstation
                        | AssetRole::AdminPc
                        | AssetRole::StateSecretPc
                        | AssetRole::HighLevelPc
                        | AssetRole::InternetOnlyPc
                )
            })
    }

    /// Whether the asset has a storage component: `has_storage`, or by
    /// category when blank (computers, servers, storage devices, removable
    /// media, mobile devices and printers keep data; network gear does not
    /// by default).
    #[must_use]
    pub fn stores_data(&self) -> bool {
        self.has_storage.unwrap_or(matches!(
            self.category,
            Some(
                AssetCategory::Desktop
                    | AssetCategory::Laptop
                    | AssetCategory::Server
                    | AssetCategory::StorageDevice
                    | AssetCategory::RemovableMedia
                    | AssetCategory::MobileDevice
                    | AssetCategory::Printer
            ) | None
        ))
    }

    /// In service (active or spare), as opposed to out for repair or gone.
    #[must_use]
    pub fn in_service(&self) -> bool {
        matches!(self.status, AssetStatus::Active | AssetStatus::Spare)
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("assets/{}", self.asset_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetEvent {
    pub event_id: String,
    pub asset_id: String,
    pub event: AssetEventKind,
    pub event_date: NaiveDate,
    pub external: Option<bool>,
    pub storage_removed: Option<bool>,
    pub wipe_method: Option<WipeMethod>,
    pub data_recovery: Option<bool>,
    pub record_no: Option<String>,
}

impl AssetEvent {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(AssetEvent {
            event_id: r.text(0)?,
            asset_id: r.text(1)?,
            event: r.enumerated(2, AssetEventKind::parse)?,
            event_date: r.date(3)?,
            external: r.opt_bool(4)?,
            storage_removed: r.opt_bool(5)?,
            wipe_method: r.opt_enumerated(6, WipeMethod::parse)?,
            data_recovery: r.opt_bool(7)?,
            record_no: r.opt_text(8)?,
        })
    }

    #[must_use]
    pub fn evidence_ref(&self) -> String {
        format!("asset_events/{}", self.event_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAdmin {
    pub host: String,
    pub account: String,
    pub account_kind: Option<LocalMemberKind>,
    pub collected_on: Option<NaiveDate>,
}

impl LocalAdmin {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(LocalAdmin {
            host: r.text(0)?,
            account: r.text(1)?,
            account_kind: r.opt_enumerated(2, LocalMemberKind::parse)?,
            collected_on: r.opt_date(3)?,
        })
    }

    /// The account name without `DOMAIN\` or `@domain`.
    #[must_use]
    pub fn bare_account(&self) -> &str {
        let a = self.account.rsplit('\\').next().unwrap_or(&self.account);
        a.split('@').next().unwrap_or(a)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovableMediaApproval {
    pub person_id: String,
    pub device: String,
    pub approved_by: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub encrypted: Option<bool>,
    pub purpose: Option<String>,
}

impl RemovableMediaApproval {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(RemovableMediaApproval {
            person_id: r.text(0)?,
            device: r.text(1)?,
            approved_by: r.opt_text(2)?,
            approved_on: r.opt_date(3)?,
            encrypted: r.opt_bool(4)?,
            purpose: r.opt_text(5)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    pub app_id: String,
    pub system_id: Option<String>,
    pub auth_required: Option<bool>,
    pub failed_login_limit: Option<i64>,
    pub session_timeout_minutes: Option<i64>,
    pub credentials_encrypted: Option<bool>,
    pub auto_login: Option<bool>,
    pub pwd_min_length: Option<i64>,
    pub pwd_min_classes: Option<i64>,
    pub pwd_forbid_username: Option<bool>,
    pub auth_delegated_to: Option<String>,
    pub remote_admin_protocols: Vec<String>,
    pub admin_port_separate: Option<bool>,
    pub declared_on: Option<NaiveDate>,
}

impl AppConfig {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(AppConfig {
            app_id: r.text(0)?,
            system_id: r.opt_text(1)?,
            auth_required: r.opt_bool(2)?,
            failed_login_limit: r.opt_int(3)?,
            session_timeout_minutes: r.opt_int(4)?,
            credentials_encrypted: r.opt_bool(5)?,
            auto_login: r.opt_bool(6)?,
            pwd_min_length: r.opt_int(7)?,
            pwd_min_classes: r.opt_int(8)?,
            pwd_forbid_username: r.opt_bool(9)?,
            auth_delegated_to: r.opt_text(10)?,
            remote_admin_protocols: r.list(11)?,
            admin_port_separate: r.opt_bool(12)?,
            declared_on: r.opt_date(13)?,
        })
    }

    /// The system the application belongs to (`system_id`, else `app_id`).
    #[must_use]
    pub fn system(&self) -> &str {
        self.system_id.as_deref().unwrap_or(&self.app_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessPath {
    pub path_id: String,
    pub system_id: String,
    pub from_internet: bool,
    pub target: AccessTarget,
    pub methods: Vec<String>,
    pub description: Option<String>,
}

impl AccessPath {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(AccessPath {
            path_id: r.text(0)?,
            system_id: r.text(1)?,
            from_internet: r.opt_bool(2)?.unwrap_or(false),
            target: r.enumerated(3, AccessTarget::parse)?,
            methods: r.list(4)?,
            description: r.opt_text(5)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkZone {
    pub zone_id: String,
    pub name: Option<String>,
    pub kind: ZoneKind,
    pub wireless: Option<bool>,
    pub unit_code: Option<String>,
}

impl NetworkZone {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(NetworkZone {
            zone_id: r.text(0)?,
            name: r.opt_text(1)?,
            kind: r.enumerated(2, ZoneKind::parse)?,
            wireless: r.opt_bool(3)?,
            unit_code: r.opt_text(4)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneFlow {
    pub from_zone: String,
    pub to_zone: String,
    /// `false` for a `deny` row.
    pub allow: bool,
    pub services: Option<String>,
}

impl ZoneFlow {
    pub fn from_row(r: &Row<'_>) -> Result<Self, RowError> {
        Ok(ZoneFlow {
            from_zone: r.text(0)?,
            to_zone: r.text(1)?,
            allow: r.opt_text(2)?.as_deref() != Some("deny"),
            services: r.opt_text(3)?,
        })
    }
}

/// Indexes over part A's evidence, built once with the snapshot.
#[derive(Debug, Default)]
pub struct OrgAIndex {
    asset_by_id: FxHashMap<String, usize>,
    events_by_asset: FxHashMap<String, Vec<usize>>,
    trainings_by_person: FxHashMap<String, Vec<usize>>,
    handovers_by_person: FxHashMap<String, Vec<usize>>,
    reviews_by_system: FxHashMap<String, Vec<usize>>,
    app_by_id: FxHashMap<String, usize>,
    apps_by_system: FxHashMap<String, Vec<usize>>,
    paths_by_system: FxHashMap<String, Vec<usize>>,
    zone_by_id: FxHashMap<String, usize>,
}

fn push(map: &mut FxHashMap<String, Vec<usize>>, key: &str, i: usize) {
    match map.get_mut(key) {
        Some(v) => v.push(i),
        None => {
            map.insert(key.to_string(), vec![i]);
        }
    }
}

impl OrgAIndex {
    #[must_use]
    pub fn build(e: &Evidence) -> Self {
        let mut x = OrgAIndex::default();
        for (i, a) in e.assets.iter().enumerate() {
            x.asset_by_id.insert(a.asset_id.clone(), i);
        }
        for (i, ev) in e.asset_events.iter().enumerate() {
            push(&mut x.events_by_asset, &ev.asset_id, i);
        }
        for (i, t) in e.trainings.iter().enumerate() {
            push(&mut x.trainings_by_person, &t.person_id, i);
        }
        for (i, h) in e.handovers.iter().enumerate() {
            push(&mut x.handovers_by_person, &h.person_id, i);
        }
        for (i, r) in e.account_reviews.iter().enumerate() {
            push(&mut x.reviews_by_system, &r.system_id, i);
        }
        for (i, a) in e.app_configs.iter().enumerate() {
            x.app_by_id.insert(a.app_id.clone(), i);
            push(&mut x.apps_by_system, a.system(), i);
        }
        for (i, p) in e.access_paths.iter().enumerate() {
            push(&mut x.paths_by_system, &p.system_id, i);
        }
        for (i, z) in e.network_zones.iter().enumerate() {
            x.zone_by_id.insert(z.zone_id.clone(), i);
        }
        x
    }
}

fn pick<'a, T>(items: &'a [T], idx: Option<&'a Vec<usize>>) -> impl Iterator<Item = &'a T> + 'a {
    idx.into_iter().flatten().filter_map(move |&i| items.get(i))
}

impl Snapshot {
    #[must_use]
    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.org_a().asset_by_id.get(id).and_then(|&i| self.assets.get(i))
    }

    /// Events of an asset, in evidence order.
    pub fn events_of_asset<'a>(&'a self, asset_id: &str) -> impl Iterator<Item = &'a AssetEvent> + 'a {
        pick(&self.asset_events, self.org_a().events_by_asset.get(asset_id))
    }

    pub fn trainings_of<'a>(&'a self, person_id: &str) -> impl Iterator<Item = &'a Training> + 'a {
        pick(&self.trainings, self.org_a().trainings_by_person.get(person_id))
    }

    /// Handovers made by a person.
    pub fn handovers_of<'a>(&'a self, person_id: &str) -> impl Iterator<Item = &'a Handover> + 'a {
        pick(&self.handovers, self.org_a().handovers_by_person.get(person_id))
    }

    pub fn reviews_of_system<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a AccountReview> + 'a {
        pick(&self.account_reviews, self.org_a().reviews_by_system.get(system_id))
    }

    #[must_use]
    pub fn app_config(&self, app_id: &str) -> Option<&AppConfig> {
        self.org_a().app_by_id.get(app_id).and_then(|&i| self.app_configs.get(i))
    }

    /// Application declarations of a system (`system_id`, or `app_id` when blank).
    pub fn apps_of_system<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a AppConfig> + 'a {
        pick(&self.app_configs, self.org_a().apps_by_system.get(system_id))
    }

    pub fn access_paths_of<'a>(&'a self, system_id: &str) -> impl Iterator<Item = &'a AccessPath> + 'a {
        pick(&self.access_paths, self.org_a().paths_by_system.get(system_id))
    }

    #[must_use]
    pub fn zone(&self, id: &str) -> Option<&NetworkZone> {
        self.org_a().zone_by_id.get(id).and_then(|&i| self.network_zones.get(i))
    }

    /// The parent of a unit, if imported.
    #[must_use]
    pub fn parent_unit(&self, code: &str) -> Option<&str> {
        self.unit(code).and_then(|u| u.parent_code.as_deref())
    }

    /// Whether `unit` is `ancestor` or below it (through `parent_code`,
    /// cycles tolerated).
    #[must_use]
    pub fn unit_within(&self, unit: &str, ancestor: &str) -> bool {
        let mut cur = Some(unit);
        for _ in 0..64 {
            match cur {
                Some(c) if c == ancestor => return true,
                Some(c) => cur = self.parent_unit(c),
                None => return false,
            }
        }
        false
    }
}
