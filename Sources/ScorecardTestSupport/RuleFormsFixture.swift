/// A card with both rule forms, shared by the library's and the commands' rule-form tests: a fit
/// rule, a merged behavior (`anyOf`), two behaviors gated on the fit rule (`onlyWith`; one an
/// indicator, one a capped count) and a second fit rule.
public enum RuleFormsFixture {
    /// The card's JSON.
    public static let card = """
        {
          "schema": "scorecard/v1",
          "name": "Forms",
          "threshold": 50,
          "rules": [
            {"id": "fit_size", "kind": "fit", "signal": "employees", "when": {"atLeast": 50}, "points": 20},
            {"id": "hand_raise", "kind": "behavior", "anyOf": [{"signal": "demo", "when": {"equals": true}}, {"signal": "trial", "when": {"equals": true}}], "points": 40},
            {"id": "pricing", "kind": "behavior", "signal": "pricing_visits", "when": {"atLeast": 1}, "points": 15, "onlyWith": ["fit_size"]},
            {"id": "opens", "kind": "behavior", "signal": "opens", "each": 1, "points": 2, "cap": 10, "onlyWith": ["fit_size"]},
            {"id": "industry", "kind": "fit", "signal": "industry", "when": {"in": ["software", "saas"]}, "points": 10}
          ]
        }
        """
}
