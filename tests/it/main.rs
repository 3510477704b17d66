//! The one integration-test binary (one crate keeps linking cheap on 2 cores).
