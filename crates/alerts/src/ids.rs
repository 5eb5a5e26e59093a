//! The alerts feature's ids.

use rendezvous_platform::id_type;

id_type!(
    /// A drug-supply alert (all its versions share it).
    pub AlertId
);
id_type!(
    /// A report someone sent through the public form.
    pub ReportId
);
id_type!(
    /// A finer region inside a province (a health region, a city).
    pub RegionId
);
