//! The ReturnValues and ReturnValuesOnConditionCheckFailure parameters of
//! PutItem, UpdateItem and DeleteItem, and which values each operation
//! accepts (API Reference: PutItem and DeleteItem take NONE or ALL_OLD;
//! UpdateItem takes all five). Depends on `error`.

use super::error::DynamoError;

/// ReturnValues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReturnValues {
    #[default]
    None,
    AllOld,
    UpdatedOld,
    AllNew,
    UpdatedNew,
}

impl ReturnValues {
    fn parse_any(text: Option<&str>) -> Result<ReturnValues, DynamoError> {
        Ok(match text {
            None | Some("NONE") => ReturnValues::None,
            Some("ALL_OLD") => ReturnValues::AllOld,
            Some("UPDATED_OLD") => ReturnValues::UpdatedOld,
            Some("ALL_NEW") => ReturnValues::AllNew,
            Some("UPDATED_NEW") => ReturnValues::UpdatedNew,
            Some(other) => {
                return Err(DynamoError::constraint(
                    &format!("'{other}'"),
                    "returnValues",
                    "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
                ));
            }
        })
    }

    /// For PutItem and DeleteItem: NONE or ALL_OLD.
    pub fn parse_for_put_or_delete(text: Option<&str>) -> Result<ReturnValues, DynamoError> {
        match ReturnValues::parse_any(text)? {
            v @ (ReturnValues::None | ReturnValues::AllOld) => Ok(v),
            _ => Err(DynamoError::validation("ReturnValues can only be ALL_OLD or NONE")),
        }
    }

    /// For UpdateItem: any of the five.
    pub fn parse_for_update(text: Option<&str>) -> Result<ReturnValues, DynamoError> {
        ReturnValues::parse_any(text)
    }
}

/// ReturnValuesOnConditionCheckFailure: true for ALL_OLD.
pub(crate) fn parse_on_condition_failure(text: Option<&str>) -> Result<bool, DynamoError> {
    match text {
        None | Some("NONE") => Ok(false),
        Some("ALL_OLD") => Ok(true),
        Some(other) => Err(DynamoError::constraint(
            &format!("'{other}'"),
            "returnValuesOnConditionCheckFailure",
            "Member must satisfy enum value set: [ALL_OLD, NONE]",
        )),
    }
}

/// ReturnItemCollectionMetrics: true for SIZE.
pub(crate) fn parse_item_collection_metrics(text: Option<&str>) -> Result<bool, DynamoError> {
    match text {
        None | Some("NONE") => Ok(false),
        Some("SIZE") => Ok(true),
        Some(other) => Err(DynamoError::constraint(
            &format!("'{other}'"),
            "returnItemCollectionMetrics",
            "Member must satisfy enum value set: [SIZE, NONE]",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // API Reference, PutItem: "ReturnValues ... The ReturnValues parameter is
    // used by several DynamoDB operations; however, PutItem does not
    // recognize any values other than NONE or ALL_OLD."
    #[test]
    fn put_and_delete_accept_only_none_and_all_old() {
        assert_eq!(
            ReturnValues::parse_for_put_or_delete(Some("ALL_OLD")),
            Ok(ReturnValues::AllOld)
        );
        assert_eq!(
            ReturnValues::parse_for_put_or_delete(Some("ALL_NEW")).unwrap_err().message(),
            "ReturnValues can only be ALL_OLD or NONE"
        );
    }

    #[test]
    fn update_accepts_all_five_and_rejects_others() {
        for (t, v) in [
            ("NONE", ReturnValues::None),
            ("UPDATED_OLD", ReturnValues::UpdatedOld),
            ("UPDATED_NEW", ReturnValues::UpdatedNew),
            ("ALL_NEW", ReturnValues::AllNew),
        ] {
            assert_eq!(ReturnValues::parse_for_update(Some(t)), Ok(v));
        }
        assert!(
            ReturnValues::parse_for_update(Some("all_new"))
                .unwrap_err()
                .message()
                .contains("enum value set")
        );
    }

    #[test]
    fn condition_failure_and_metrics_flags() {
        assert_eq!(parse_on_condition_failure(Some("ALL_OLD")), Ok(true));
        assert!(parse_on_condition_failure(Some("ALL_NEW")).is_err());
        assert_eq!(parse_item_collection_metrics(Some("SIZE")), Ok(true));
        assert!(parse_item_collection_metrics(Some("TOTAL")).is_err());
    }
}
