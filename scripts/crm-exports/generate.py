#!/usr/bin/env python3
"""Writes datasets/crm-exports/*: small synthetic exports shaped like what HubSpot, Salesforce,
Pipedrive and Zoho CRM write, and a leads file shaped like the Kaggle "Lead Scoring" (X Education)
export. Deterministic (fixed seeds); Python standard library only.

    python3 scripts/crm-exports/generate.py

Every value is synthetic: outcomes are drawn from a logistic model of the signals the cards read,
so a review has something to find. Header names, stage names, date forms, money forms, quoting,
byte-order marks and line ends follow each CRM's export.
"""
import datetime
import json
import math
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets", "crm-exports")


def logistic(x):
    return 1 / (1 + math.exp(-x))


def write(path, header, rows, *, bom=False, crlf=False, quote_all=False, trailing_comma=False):
    """Writes CSV as the CRM does: quote every field or only where needed."""
    def field(v):
        v = "" if v is None else str(v)
        if quote_all or any(c in v for c in ',"\r\n'):
            return '"' + v.replace('"', '""') + '"'
        return v
    end = "\r\n" if crlf else "\n"
    lines = [",".join(field(h) for h in header) + ("," if trailing_comma else "")]
    for r in rows:
        lines.append(",".join(field(v) for v in r) + ("," if trailing_comma else ""))
    data = end.join(lines) + end
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(data.encode("utf-8"))


def dump(path, obj):
    with open(path, "w") as f:
        f.write(json.dumps(obj, indent=2) + "\n")


def day_in(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def money_us(x, cents=False):
    return "$" + (f"{x:,.2f}" if cents else f"{x:,.0f}")


def salesforce():
    rng = random.Random(2025_04_30)
    header = ["Opportunity Name", "Account Name", "Amount", "Close Date", "Stage", "Probability (%)", "Type", "Lead Source",
              "Industry", "Employees", "Opportunity Owner", "Fiscal Period"]
    sources = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"]
    industries = ["Technology", "Manufacturing", "Retail", "Healthcare", "Finance"]
    owners = ["Ana Ruiz", "Ben Okafor", "Chloe Martin"]
    open_stages = [("Prospecting", 10), ("Qualification", 20), ("Needs Analysis", 20), ("Value Proposition", 50),
                   ("Id. Decision Makers", 60), ("Proposal/Price Quote", 75), ("Negotiation/Review", 90)]
    rows = []
    for i in range(480):
        source = rng.choices(sources, [30, 15, 20, 20, 15])[0]
        industry = rng.choice(industries)
        employees = rng.choice([12, 45, 80, 150, 320, 900, 2500])
        kind = rng.choices(["New Customer", "Existing Customer - Upgrade", "Existing Customer - Replacement"], [60, 30, 10])[0]
        amount = round(rng.lognormvariate(9.6, 0.8) / 50) * 50
        close = day_in(rng, datetime.date(2024, 7, 1), datetime.date(2025, 9, 30))
        x = -1.2 + 1.1 * (source == "Partner Referral") + 0.7 * (industry in ("Technology", "Manufacturing")) \
            + 0.5 * (employees >= 200) + 0.6 * (kind != "New Customer") - 0.3 * (amount >= 20000)
        if rng.random() < 0.08:
            stage, prob = rng.choice(open_stages)
        elif rng.random() < logistic(x):
            stage, prob = "Closed Won", 100
        else:
            stage, prob = "Closed Lost", 0
        q = (close.month - 1) // 3 + 1
        rows.append([f"{['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne'][i % 6]} {kind.split()[0]} {i + 1}",
                     f"Account {i % 97 + 1}", money_us(amount), f"{close.month}/{close.day}/{close.year}", stage, prob, kind,
                     source if rng.random() > 0.04 else "", industry, employees, owners[i % 3], f"Q{q}-{close.year}"])
    d = os.path.join(ROOT, "salesforce")
    # A "Details Only" report export: every field quoted, UTF-8, CRLF line ends.
    write(os.path.join(d, "deals.csv"), header, rows, crlf=True, quote_all=True)
    dump(os.path.join(d, "map.json"), {"Stage": "outcome", "Close Date": "closed_at"})
    dump(os.path.join(d, "card.json"), {
        "schema": "scorecard/v1", "name": "Salesforce opportunity card", "threshold": 30, "rules": [
            {"id": "partner_referral", "kind": "behavior", "signal": "Lead Source", "when": {"equals": "Partner Referral"}, "points": 20},
            {"id": "target_industry", "kind": "fit", "signal": "Industry", "when": {"in": ["Technology", "Manufacturing"]}, "points": 10},
            {"id": "mid_market", "kind": "fit", "signal": "Employees", "when": {"atLeast": 200}, "points": 10},
            {"id": "big_deal", "kind": "fit", "signal": "Amount", "when": {"atLeast": 20000}, "points": 10},
            {"id": "existing_customer", "kind": "fit", "signal": "Type", "when": {"in": ["Existing Customer - Upgrade", "Existing Customer - Replacement"]}, "points": 10},
        ]})


def hubspot():
    rng = random.Random(21_21)
    header = ["Record ID", "Deal Name", "Deal Stage", "Pipeline", "Amount", "Close Date", "Create Date", "Deal owner", "Deal Type",
              "Original Source Type", "Number of Sales Activities", "Number of times contacted", "Associated Company"]
    sources = ["Organic Search", "Paid Search", "Direct Traffic", "Referrals", "Social Media", "Email Marketing", "Offline Sources"]
    open_stages = ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In", "Contract Sent"]
    rows = []
    for i in range(420):
        source = rng.choice(sources)
        activities = rng.randrange(0, 15)
        contacted = rng.randrange(0, 9)
        kind = rng.choice(["New Business", "Existing Business"])
        amount = rng.choice([1200, 2500, 4800, 7500, 12000, 18000])
        created = day_in(rng, datetime.date(2024, 9, 1), datetime.date(2025, 6, 30))
        close = created + datetime.timedelta(days=rng.randrange(7, 120))
        x = -1.5 + 0.9 * (source in ("Organic Search", "Referrals")) + 0.15 * activities + 0.4 * (kind == "New Business")
        if rng.random() < 0.1:
            stage = rng.choice(open_stages)
        else:
            stage = "Closed Won" if rng.random() < logistic(x) else "Closed Lost"
        t1 = f"{rng.randrange(8, 23):02d}:{rng.randrange(60):02d}"
        t2 = f"{rng.randrange(8, 23):02d}:{rng.randrange(60):02d}"
        rows.append([str(11_000_000_000 + 7919 * i), f"Deal {i + 1}", stage, "Sales Pipeline", amount,
                     f"{close.isoformat()} {t1}", f"{created.isoformat()} {t2}", ["Dana Lee", "Eli Cohen"][i % 2], kind,
                     source, activities, contacted, f"Company {i % 61 + 1}"])
    d = os.path.join(ROOT, "hubspot")
    # HubSpot's export: UTF-8 with a byte-order mark, every field quoted, LF line ends.
    write(os.path.join(d, "deals.csv"), header, rows, bom=True, quote_all=True)
    dump(os.path.join(d, "map.json"), {"Deal Stage": "outcome", "Record ID": "deal_id", "Close Date": "closed_at"})
    dump(os.path.join(d, "card.json"), {
        "schema": "scorecard/v1", "name": "HubSpot deal card", "threshold": 30, "rules": [
            {"id": "organic_or_referral", "kind": "behavior", "signal": "Original Source Type", "when": {"in": ["Organic Search", "Referrals"]}, "points": 15},
            {"id": "sales_activities", "kind": "behavior", "signal": "Number of Sales Activities", "each": 1, "points": 2, "cap": 20},
            {"id": "new_business", "kind": "fit", "signal": "Deal Type", "when": {"equals": "New Business"}, "points": 10},
            {"id": "contacted_often", "kind": "behavior", "signal": "Number of times contacted", "when": {"atLeast": 5}, "points": 5},
        ]})


def pipedrive():
    rng = random.Random(7_2025)
    header = ["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Status", "Deal - Stage", "Deal - Pipeline",
              "Deal - Deal created", "Deal - Deal closed on", "Deal - Lost reason", "Deal - Source channel", "Deal - Done activities",
              "Organization - Name", "Organization - Number of employees", "Deal - Owner"]
    channels = ["Web forms", "Chatbot", "Prospector", "Import", "Messaging inbox", "Live chat"]
    stages = ["Qualified", "Contact Made", "Demo Scheduled", "Proposal Made", "Negotiations Started"]
    rows = []
    for i in range(400):
        channel = rng.choice(channels)
        done = rng.randrange(0, 12)
        employees = rng.choice([5, 20, 50, 120, 400])
        created = datetime.datetime(2024, 10, 1, 9, 0, 0) + datetime.timedelta(minutes=rng.randrange(0, 60 * 24 * 270))
        closed = created + datetime.timedelta(days=rng.randrange(3, 90), minutes=rng.randrange(600))
        x = -1.4 + 0.8 * (channel == "Web forms") + 0.18 * done + 0.6 * (employees >= 50)
        status = "open" if rng.random() < 0.1 else ("won" if rng.random() < logistic(x) else "lost")
        stage = rng.choice(stages) if status == "open" else "Negotiations Started"
        rows.append([i + 1, f"{['Nordwind', 'Helios', 'Kestrel', 'Bramble'][i % 4]} deal", rng.choice([900, 1500, 3200, 5400, 9800]), "EUR",
                     status, stage, "Sales", created.strftime("%Y-%m-%d %H:%M:%S"),
                     "" if status == "open" else closed.strftime("%Y-%m-%d %H:%M:%S"),
                     rng.choice(["Price", "Went with a competitor", "No budget"]) if status == "lost" else "",
                     channel, done, f"Org {i % 53 + 1}", employees, ["Mia Berg", "Jon Alm"][i % 2]])
    d = os.path.join(ROOT, "pipedrive")
    # Pipedrive's export: UTF-8, quotes only where a field needs them, LF line ends.
    write(os.path.join(d, "deals.csv"), header, rows)
    dump(os.path.join(d, "map.json"), {"Deal - Status": "outcome", "Deal - ID": "deal_id", "Deal - Deal closed on": "closed_at"})
    dump(os.path.join(d, "card.json"), {
        "schema": "scorecard/v1", "name": "Pipedrive deal card", "threshold": 25, "rules": [
            {"id": "web_form", "kind": "behavior", "signal": "Deal - Source channel", "when": {"equals": "Web forms"}, "points": 10},
            {"id": "activities", "kind": "behavior", "signal": "Deal - Done activities", "each": 1, "points": 3, "cap": 15},
            {"id": "fifty_plus", "kind": "fit", "signal": "Organization - Number of employees", "when": {"atLeast": 50}, "points": 10},
        ]})


def zoho():
    rng = random.Random(30_04_2025)
    header = ["Record Id", "Deal Name", "Account Name", "Amount", "Stage", "Closing Date", "Lead Source", "Type", "Probability (%)",
              "Deal Owner", "Created Time"]
    sources = ["Advertisement", "Cold Call", "Employee Referral", "External Referral", "Online Store", "Partner", "Trade Show", "Web Download"]
    open_stages = [("Qualification", 10), ("Needs Analysis", 20), ("Value Proposition", 40), ("Proposal/Price Quote", 75), ("Negotiation/Review", 90)]
    rows = []
    for i in range(400):
        source = rng.choice(sources) if rng.random() > 0.1 else "-None-"
        kind = rng.choice(["New Business", "Existing Business"])
        amount = rng.choice([850.0, 2400.0, 5150.5, 9990.0, 14250.0, 31000.0])
        closing = day_in(rng, datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))
        created = closing - datetime.timedelta(days=rng.randrange(10, 150))
        x = -1.3 + 1.0 * (source in ("Employee Referral", "Partner")) + 0.5 * (kind == "New Business") + 0.3 * (amount >= 10000)
        if rng.random() < 0.08:
            stage, prob = rng.choice(open_stages)
        elif rng.random() < logistic(x):
            stage, prob = "Closed Won", 100
        else:
            stage, prob = "Closed Lost", 0
        euros = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        rows.append([f"zcrm_{5_725_767_000_000_000_000 + 3 * i}", f"Deal {i + 1}", f"Firma {i % 41 + 1} GmbH", f"€ {euros}", stage,
                     f"{closing.day:02d}.{closing.month:02d}.{closing.year}", source, kind, prob, ["Lena Vogt", "Tim Krause"][i % 2],
                     f"{created.day:02d}.{created.month:02d}.{created.year} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}"])
    d = os.path.join(ROOT, "zoho")
    # A German organisation's Zoho CRM export: D.M.YYYY dates, euro amounts with a decimal comma
    # (read with --decimal ,), "-None-" for an unset picklist, every field quoted, CRLF.
    write(os.path.join(d, "deals.csv"), header, rows, crlf=True, quote_all=True)
    dump(os.path.join(d, "map.json"), {"Stage": "outcome", "Record Id": "deal_id", "Closing Date": "closed_at"})
    dump(os.path.join(d, "card.json"), {
        "schema": "scorecard/v1", "name": "Zoho deal card", "threshold": 25, "rules": [
            {"id": "referral_or_partner", "kind": "behavior", "signal": "Lead Source", "when": {"in": ["Employee Referral", "Partner"]}, "points": 20},
            {"id": "new_business", "kind": "fit", "signal": "Type", "when": {"equals": "New Business"}, "points": 10},
            {"id": "ten_thousand_plus", "kind": "fit", "signal": "Amount", "when": {"atLeast": 10000}, "points": 5},
        ]})


def x_education():
    rng = random.Random(9240)
    header = ["Prospect ID", "Lead Number", "Lead Origin", "Lead Source", "Do Not Email", "Do Not Call", "Converted", "TotalVisits",
              "Total Time Spent on Website", "Page Views Per Visit", "Last Activity", "Country", "Specialization",
              "How did you hear about X Education", "What is your current occupation", "City",
              "A free copy of Mastering The Interview", "Last Notable Activity"]
    origins = ["API", "Landing Page Submission", "Lead Add Form", "Lead Import"]
    sources = ["Olark Chat", "Organic Search", "Direct Traffic", "Google", "Referral Sites", "Reference", "Welingak Website"]
    activities = ["Email Opened", "SMS Sent", "Page Visited on Website", "Olark Chat Conversation", "Converted to Lead", "Email Bounced"]
    specs = ["Select", "Finance Management", "Human Resource Management", "Marketing Management", "Operations Management", "IT Projects Management"]
    hear = ["Select", "Online Search", "Word Of Mouth", "Student of SomeSchool", "Other", "Advertisements"]
    occupations = ["Unemployed", "Working Professional", "Student", "Other"]
    cities = ["Select", "Mumbai", "Thane & Outskirts", "Other Cities", "Other Metro Cities"]
    rows = []
    for i in range(600):
        origin = rng.choices(origins, [38, 53, 8, 1])[0]
        occupation = rng.choices(occupations, [60, 8, 3, 1])[0] if rng.random() > 0.25 else ""
        visits = rng.randrange(0, 12) if rng.random() > 0.02 else None
        seconds = 0 if visits == 0 else rng.randrange(10, 2200)
        views = 0 if not visits else round(rng.uniform(1, 6), 2)
        activity = rng.choice(activities)
        no_email = "Yes" if rng.random() < 0.08 else "No"
        x = -1.6 + 2.2 * (origin == "Lead Add Form") + 2.0 * (occupation == "Working Professional") + 0.0012 * seconds \
            + 1.1 * (activity == "SMS Sent") - 1.0 * (no_email == "Yes")
        converted = 1 if rng.random() < logistic(x) else 0
        pid = "%08x-%04x-%04x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(48))
        rows.append([pid, 660_737 - 7 * i, origin, rng.choice(sources), no_email, "No", converted,
                     "" if visits is None else f"{visits:.1f}", seconds, "" if visits is None else views, activity,
                     "India" if rng.random() < 0.7 else rng.choice(["", "United States", "Singapore"]), rng.choice(specs),
                     rng.choice(hear), occupation, rng.choice(cities), rng.choice(["Yes", "No"]), activity])
    d = os.path.join(ROOT, "x-education-leads")
    # The Kaggle "Lead Scoring" shape: a trailing comma on every line (so the header ends with an
    # empty cell over an empty column), CRLF line ends, "Select" for an untouched drop-down.
    write(os.path.join(d, "leads.csv"), header, rows, crlf=True, trailing_comma=True)
    dump(os.path.join(d, "map.json"), {"Converted": "outcome", "Prospect ID": "deal_id"})
    dump(os.path.join(d, "card.json"), {
        "schema": "scorecard/v1", "name": "X Education lead card", "threshold": 40, "rules": [
            {"id": "lead_add_form", "kind": "behavior", "signal": "Lead Origin", "when": {"equals": "Lead Add Form"}, "points": 30},
            {"id": "working_professional", "kind": "fit", "signal": "What is your current occupation", "when": {"equals": "Working Professional"}, "points": 25},
            {"id": "ten_minutes_on_site", "kind": "behavior", "signal": "Total Time Spent on Website", "when": {"atLeast": 600}, "points": 15},
            {"id": "sms_sent", "kind": "behavior", "signal": "Last Activity", "when": {"equals": "SMS Sent"}, "points": 15},
            {"id": "do_not_email", "kind": "fit", "signal": "Do Not Email", "when": {"equals": True}, "points": -10},
            {"id": "specialization_given", "kind": "fit", "signal": "Specialization", "when": {"present": True}, "points": 5},
        ]})


if __name__ == "__main__":
    salesforce()
    hubspot()
    pipedrive()
    zoho()
    x_education()
