#!/usr/bin/env bash
# Mutation check of the code after the fit (issue 32): each named mutant below changes one thing
# a user acts on (the scaling factor, rounding, Brier score, log loss, calibration, PSI, each
# flag's cut-off, the decision precedence, the qualification predicate, the exports), is applied
# to a scratch copy of the committed tree, built, and the tests that should notice it are run
# with a narrow filter. A mutant is "killed" when those tests fail, "survived" when they pass.
# A table is printed at the end; the script exits 1 if a mutant survived or did not apply.
#
# A development tool, NOT run by .ci/run: it rebuilds the package once per mutant (20–60 s
# each on 2 cores after a first full build; about 15–30 minutes in all).
#
#   bash scripts/mutation/run.sh             # every mutant
#   bash scripts/mutation/run.sh brier-nan psi-sign   # only the named ones
#   MUTATION_DRY_RUN=1 bash scripts/mutation/run.sh   # only check that every mutant applies
#
# The scratch copy is `git archive HEAD` in $MUTATION_DIR (default /tmp/scorecard-mutation),
# with its own .build kept between runs so only the mutated file recompiles; the working tree is
# never touched. Each mutant is a sed expression on one file; the script checks the file changed.
set -uo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
DIR=${MUTATION_DIR:-/tmp/scorecard-mutation}
SRC="$DIR/src"
mkdir -p "$DIR"
rm -rf "$SRC" && mkdir -p "$SRC"
git -C "$REPO" archive HEAD | tar -x -C "$SRC"
BUILD="$DIR/build"

NAMES=(); FILES=(); EXPRS=(); FILTERS=(); WHATS=()
# m NAME FILE (under Sources/ScorecardKit) SED-EXPRESSION TEST-FILTER WHAT-IT-CHANGES
m() { NAMES+=("$1"); FILES+=("$2"); EXPRS+=("$3"); FILTERS+=("$4"); WHATS+=("$5"); }

m scale-factor Scaling/PointsScaler.swift 's#let s0 = target / rawThreshold#let s0 = 1.1 * target / rawThreshold#' \
  'ScalingReferenceTests' 'the keep-threshold scan starts 10% above T / r*'
m scale-step Scaling/PointsScaler.swift 's#Double(k) \* 0.002)#Double(k) * 0.003)#' \
  'ScalingReferenceTests' 'the factor scan moves in 0.3% steps instead of 0.2%'
m rounding-down Scaling/PointsScaler.swift 's#let v = step \* (exact / step).rounded()#let v = step * (exact / step).rounded(.down)#' \
  'ScalingReferenceTests' 'points rounded down instead of to the nearest'
m rounding-even Scaling/PointsScaler.swift 's#let v = step \* (exact / step).rounded()#let v = step * (exact / step).rounded(.toNearestOrEven)#' \
  'ScalingReferenceTests' 'halves rounded to even instead of away from zero'
m kept-points Scaling/PointsScaler.swift 's#let exact = excluded\[j\] ? card.rules\[j\].points#let exact = excluded[j] ? 0 * card.rules[j].points#' \
  'ScalingReferenceTests' 'a rule left out of the fit gets 0 instead of keeping its points'
m brier-absolute Backtest/CardMetrics.swift 's#brier += weight \* (p - (w ? 1 : 0)) \* (p - (w ? 1 : 0))#brier += weight * abs(p - (w ? 1 : 0))#' \
  'BacktestReferenceTests' 'Brier score as the mean absolute error'
m brier-nan Backtest/CardMetrics.swift 's#self.brier = brier / n#self.brier = .nan#' \
  'BacktestCommandTests/jsonHasTheDesignKeys' 'a NaN Brier score (written as JSON null)'
m logloss-mean Backtest/CardMetrics.swift 's#self.logLoss = logLoss / n#self.logLoss = logLoss / (n + 1)#' \
  'BacktestReferenceTests' 'log loss divided by n + 1'
m logloss-clip Backtest/CardMetrics.swift 's#min(max(probability(s), 1e-15), 1 - 1e-15)#min(max(probability(s), 1e-2), 1 - 1e-2)#' \
  'BacktestReferenceTests' 'probabilities clipped to [0.01, 0.99]'
m sql-count Backtest/CardMetrics.swift 's#sqlCount = Int(at.won + at.lost)#sqlCount = Int(at.won)#' \
  'BacktestReferenceTests' 'the SQL count counts won SQLs only'
m calibration-curve Backtest/Backtest.swift 's#let calibrateRevised = Self.calibration(scores: rev.train#let calibrateRevised = Self.calibration(scores: cur.train#' \
  'BacktestReferenceTests' "the revised card's probabilities from the current card's curve"
m calibration-in-sample Backtest/Backtest.swift 's#period.scoreMeaning = ScoreMeaning(curve: ScoreCalibration(scores: rev.train, won: trainDesign.won, weights: trainDesign.weights)#period.scoreMeaning = ScoreMeaning(curve: ScoreCalibration(scores: rev.test, won: testDesign.won, weights: testWeights)#' \
  'BacktestReferenceTests' "the held-out calibration curve fitted on the held-out deals themselves"
m calibration-slope-log Evaluation/CalibrationCheck.swift 's#return _log(q / (1 - q))#return _log(q)#' \
  'BacktestReferenceTests|ScoreMeaningTests' 'the calibration slope regresses on log p instead of logit p'
m calibration-citl Evaluation/CalibrationCheck.swift 's#p = logistic(a + offset\[i\])#p = logistic(a + 0.9 * offset[i])#' \
  'BacktestReferenceTests|ScoreMeaningTests' 'calibration-in-the-large with the offset shrunk by 10%'
m psi-floor Backtest/PopulationStability.swift 's#max(\$0 / total, 0.0001)#max($0 / total, 0.001)#' \
  'BacktestReferenceTests|BacktestTests/psiByHand' 'an empty bin counts as 0.001 instead of 0.0001'
m psi-edges Backtest/PopulationStability.swift 's#cumulative + Double(m - 1) >= total#cumulative + Double(m) >= total#' \
  'BacktestReferenceTests|BacktestTests' 'decile edges of grouped values one deal early'
m psi-sign Backtest/PopulationStability.swift 's#(\$1.0 - \$1.1) \* _log(\$1.0 / \$1.1)#($1.0 - $1.1) * _log($1.1 / $1.0)#' \
  'BacktestReferenceTests|BacktestTests/psiByHand' 'PSI with the log ratio inverted'
m auc-ties Evaluation/RankingMetrics.swift 's#pairs += groupWon \* (lostBelow + 0.5 \* groupLost)#pairs += groupWon * (lostBelow + 1.0 * groupLost)#' \
  'BacktestReferenceTests' 'ties counted as wins in the AUC'
m flag-noEvidence Diagnostics/SignalDiagnostics.swift 's#if fired < 10 {#if fired < 3 {#' \
  'PlantedDecisionTests' 'noEvidence below 3 deals instead of 10'
m flag-fpp-share Diagnostics/SignalDiagnostics.swift 's#falsePositiveLostShare = 0.2#falsePositiveLostShare = 0.6#' \
  'PlantedDecisionTests' 'false-positive-prone needs 60% of lost deals instead of 20%'
m flag-fpp-ratio Diagnostics/SignalDiagnostics.swift 's#falsePositiveRatio = 1.1#falsePositiveRatio = 0.5#' \
  'PlantedDecisionTests|DecisionTests/leaky' 'false-positive-prone needs the likelihood-ratio interval down to 0.5 instead of 1.1'
m flag-wrongSign Diagnostics/SignalDiagnostics.swift 's#if d.assignedPoints \* fitted < 0, !interval.contains(0) {#if d.assignedPoints * fitted < 0, interval.contains(0) {#' \
  'PlantedDecisionTests' 'wrongSign raised only when the interval contains 0'
m flag-overweighted Diagnostics/SignalDiagnostics.swift 's#} else if d.assignedPoints > interval.upperBound {#} else if d.assignedPoints > interval.upperBound + 50 {#' \
  'PlantedDecisionTests' 'overweighted only 50 points above the interval'
m flag-penalty Diagnostics/SignalDiagnostics.swift 's#let penalty = interval.upperBound < 0#let penalty = false#' \
  'PlantedDecisionTests' 'negative points judged as positive ones (a too-harsh penalty called underweighted)'
m flag-unstable Diagnostics/SignalDiagnostics.swift 's#pValue < 0.01 {#pValue < 1e-300 {#' \
  'PlantedDecisionTests' 'unstable only below p = 1e-300'
m flag-redundant Diagnostics/SignalDiagnostics.swift 's#if let s = strongest, abs(s.correlation) >= 0.8 {#if let s = strongest, abs(s.correlation) >= 0.95 {#' \
  'PlantedDecisionTests' 'redundant from |r| 0.95 instead of 0.8'
m flag-leaky-date Diagnostics/SignalDiagnostics.swift 's#if let c = deals.closedAt?\[i\], d > c { afterClose += 1 }#if let c = deals.closedAt?[i], d < c { afterClose += 1 }#' \
  'PlantedDecisionTests|DecisionTests/leaky' 'the leaky date test reversed (before the close)'
m precedence Decisions/CardDecisions.swift 's#= \[.leaky, .wrongSign,#= [.wrongSign, .leaky,#' \
  'PlantedDecisionTests' 'wrongSign ranked before leaky'
m redundant-weaker Decisions/CardDecisions.swift 's#let weaker = zj < zk#let weaker = zj > zk#' \
  'PlantedDecisionTests' 'the stronger of a redundant pair is dropped'
m fpp-drop-interval Decisions/CardDecisions.swift 's#let interval = d.fittedInterval, interval.lowerBound <= 0 {#let interval = d.fittedInterval, interval.lowerBound <= -1000 {#' \
  'PlantedDecisionTests|DecisionTests/leaky' 'a false-positive-prone rule is dropped only if its interval reaches -1000'
m keep-vs-reweight Decisions/CardDecisions.swift 's#let action: RuleAction = newPoints == rule.points ? .keep : .reweight#let action: RuleAction = .reweight#' \
  'PlantedDecisionTests|DecisionFormatTests' 'a rule whose points stay is called reweighted'
m qualification Model/Qualification.swift 's#score >= threshold && barsMet#score > threshold \&\& barsMet#' \
  'QualificationTests|BacktestReferenceTests' 'an SQL needs a score above the threshold, not at it'
m qualification-bars Model/Qualification.swift 's#(minFit ?? -.infinity) && behavior#(minFit ?? -.infinity) || behavior#' \
  'QualificationTests' 'the dual bars joined by or'
m threshold-recall Thresholds/ThresholdRule.swift 's#max(1, totalWon)).rounded(.up)#max(1, totalWon)).rounded(.down)#' \
  'ScalingReferenceTests|ThresholdBootstrapReferenceTests' 'the 80% rule needs floor(0.8 W) won deals instead of the ceiling'
m export-sql-atleast Export/Scorecard+SQLExport.swift 's#return "\\(d.number(col)) >= \\(JSONValue.format(x))"#return "\\(d.number(col)) > \\(JSONValue.format(x))"#' \
  'ExportTests|QualificationTests|AggregationTests' 'the SQL export writes atLeast as >'
m export-sql-issql Export/Scorecard+SQLExport.swift 's#var test = \["\\(score) >= #var test = ["\\(score) > #' \
  'QualificationTests' "the SQL export's is_sql compares with > threshold"
m export-csv-points Export/Scorecard+CSVExport.swift 's#JSONValue.format(r.points), cap,#JSONValue.format(abs(r.points)), cap,#' \
  'ExportTests' 'the CSV export loses the sign of the points'
m export-hubspot-reach Export/Scorecard+HubSpotExport.swift 's#let reach = max(0, rule.points)#let reach = abs(rule.points)#' \
  'HubSpotExportTests' "HubSpot's maximum score counts negative points"
m export-pmml-points Export/Scorecard+PMMLExport.swift 's#partialScore=\\"\\(number(rule.points))#partialScore=\\"\\(number(max(0, rule.points)))#' \
  'HandoffTests' 'the PMML export drops negative points'

results=()
for i in "${!NAMES[@]}"; do
  name=${NAMES[$i]} file=${FILES[$i]} expr=${EXPRS[$i]} filter=${FILTERS[$i]} what=${WHATS[$i]}
  if [ $# -gt 0 ] && [[ ! " $* " =~ " $name " ]]; then continue; fi
  path="$SRC/Sources/ScorecardKit/$file"
  git -C "$REPO" show "HEAD:Sources/ScorecardKit/$file" > "$path"
  sed -i "$expr" "$path"
  if git -C "$REPO" show "HEAD:Sources/ScorecardKit/$file" | cmp -s - "$path"; then
    results+=("$name|$file|NOT APPLIED|$what")
    continue
  fi
  if [ -n "${MUTATION_DRY_RUN:-}" ]; then
    diff <(git -C "$REPO" show "HEAD:Sources/ScorecardKit/$file") "$path" | sed -n '2p;4p' >&2
    results+=("$name|$file|applies|$what")
    git -C "$REPO" show "HEAD:Sources/ScorecardKit/$file" > "$path"
    continue
  fi
  echo "=== $name: $what ($file; tests: $filter)" >&2
  if ! (cd "$SRC" && swift build --build-tests --scratch-path "$BUILD" >"$DIR/$name.build.log" 2>&1); then
    result="BUILD FAILED"
  elif (cd "$SRC" && SCORECARD_CI=1 swift test --skip-build --scratch-path "$BUILD" --filter "$filter" >"$DIR/$name.test.log" 2>&1); then
    result=survived
  else
    result=killed
  fi
  echo "    $result" >&2
  results+=("$name|$file|$result|$what")
  git -C "$REPO" show "HEAD:Sources/ScorecardKit/$file" > "$path"
done

printf '\n%-24s %-36s %-10s %s\n' "mutant" "file" "result" "what changed"
status=0
for r in "${results[@]}"; do
  IFS='|' read -r name file result what <<<"$r"
  printf '%-24s %-36s %-10s %s\n' "$name" "$file" "$result" "$what"
  [ "$result" = "killed" ] || [ "$result" = "applies" ] || status=1
done
exit $status
