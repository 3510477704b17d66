//! [`Calculation`]: any one `calc` result, so the command line and the
//! renderers can pass "whatever was computed" around as one value.

use super::{
    BreakEven, GsiWrites, ItemSize, OnDemandCost, Partitions, ProvisionedCost, Rcu, StorageCost,
    Wcu,
};

/// The result of one `ddbplan calc` subcommand.
#[derive(Debug, Clone, PartialEq)]
pub enum Calculation {
    ItemSize(ItemSize),
    Rcu(Rcu),
    Wcu(Wcu),
    Partitions(Partitions),
    Provisioned(ProvisionedCost),
    OnDemand(OnDemandCost),
    Storage(StorageCost),
    Gsi(GsiWrites),
    BreakEven(BreakEven),
}

impl Calculation {
    /// The recorded working of whichever calculation this is.
    pub fn working(&self) -> &crate::capacity::Working {
        match self {
            Calculation::ItemSize(r) => &r.working,
            Calculation::Rcu(r) => &r.working,
            Calculation::Wcu(r) => &r.working,
            Calculation::Partitions(r) => &r.working,
            Calculation::Provisioned(r) => &r.working,
            Calculation::OnDemand(r) => &r.working,
            Calculation::Storage(r) => &r.working,
            Calculation::Gsi(r) => &r.working,
            Calculation::BreakEven(r) => &r.working,
        }
    }
}
