using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Consent;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using static FhirChain.FhirApi.Tests.Export.BulkExport;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Export;

/// <summary>
/// A research $export over patients with every kind of consent decides each resource exactly as the
/// consent engine does for a search (the export filters set-based, the search per resource): the same
/// resources, and the ones each provision shape should give, under the opt-in and the opt-out default.
/// </summary>
public sealed class ResearchExportConsentTests
{
    private const string ExportedTypes = "Patient,Observation,Consent,Organization,Practitioner";
    private const string Weight = "29463-7";

    /// <summary>
    /// The patients (each with a heart rate, an HIV test and a weight observation; the weight code is named
    /// by no consent) and what the opt-in default shows of them.
    /// </summary>
    private static readonly Member[] Cohort =
    [
        new("permit-all", "permit everything", ShowsPatient: true, ShowsHeartRate: true, ShowsHiv: true, ShowsWeight: true),
        new("deny", "deny everything", false, false, false, false),
        new("observations-only", "permit class Observation", false, true, true, true),
        new("no-hiv", "permit, deny the HIV code", true, true, false, true),
        new("expired", "permit, but the consent's period ended", false, false, false, false),
        new("nested", "permit, deny Observations except heart rate", true, true, false, false),
        new("none", "no consent", false, false, false, false),
        new("deny-hiv-only", "deny, of the HIV code only (other data gets the opposite)", true, true, false, true),
        new("heart-only", "permit, of the heart rate code only", false, true, false, false),
        new("stale-exception", "permit, deny Observations in a period that ended", true, true, true, true),
    ];

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Opt_in_export_holds_exactly_what_each_consent_permits(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind);
        await SeedAsync(server);

        var exported = await ExportIdsAsync(server);

        var expected = Cohort.SelectMany(c => new[]
        {
            c.ShowsPatient ? $"Patient/{c.Id}" : null,
            c.ShowsHeartRate ? $"Observation/{c.Id}-hr" : null,
            c.ShowsHiv ? $"Observation/{c.Id}-hiv" : null,
            c.ShowsWeight ? $"Observation/{c.Id}-weight" : null,
        }).OfType<string>().Concat(["Organization/lab", "Practitioner/doctor"]);
        exported.Where(id => !id.StartsWith("Consent/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .ShouldBe(expected.Order(StringComparer.Ordinal));
        await ShouldMatchResearchSearchAsync(server, exported);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Opt_out_export_adds_the_patients_without_an_applicable_consent(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind, new() { ["Consent:DefaultPolicy"] = "Permit" });
        await SeedAsync(server);

        var exported = await ExportIdsAsync(server);

        foreach (var patient in new[] { "expired", "none" })
        {
            exported.ShouldContain($"Patient/{patient}");
            exported.ShouldContain($"Observation/{patient}-hr");
            exported.ShouldContain($"Observation/{patient}-hiv");
            exported.ShouldContain($"Observation/{patient}-weight");
        }

        exported.ShouldNotContain("Patient/deny");
        exported.ShouldNotContain("Observation/no-hiv-hiv");
        exported.ShouldNotContain("Observation/permit-all-performed-by-deny");
        exported.ShouldContain("Consent/expired-consent");
        await ShouldMatchResearchSearchAsync(server, exported);
    }

    /// <summary>The patients above, their consents, three observations each, an observation of a permitting patient that a denying one performed, and data in no patient's compartment.</summary>
    private static async System.Threading.Tasks.Task SeedAsync(SecuredServer server)
    {
        using var admin = server.Admin();
        await admin.PutAsync(new Organization { Id = "lab", Name = "Lab" });
        await admin.PutAsync(new Practitioner { Id = "doctor", Name = [new HumanName { Family = "Who" }] });
        foreach (var patient in Cohort.Select(c => c.Id))
        {
            await admin.PutAsync(Patient(patient));
            var heart = Observation(patient + "-hr", patient, HeartRate);
            heart.Performer.Add(new ResourceReference("Practitioner/doctor"));
            await admin.PutAsync(heart);
            var hiv = Observation(patient + "-hiv", patient, HivTest);
            hiv.Performer.Add(new ResourceReference("Organization/lab"));
            await admin.PutAsync(hiv);
            await admin.PutAsync(Observation(patient + "-weight", patient, Weight));
            if (ConsentOf(patient) is { } consent)
            {
                await admin.PutAsync(consent);
            }
        }

        // Deny wins: a permitting patient's observation that also names a denying patient stays hidden.
        await admin.PutAsync(Observation("permit-all-performed-by-deny", "permit-all", HeartRate, performerPatientId: "deny"));
        await admin.PutAsync(Observation("no-hiv-performed-by-deny", "no-hiv", HeartRate, performerPatientId: "deny"));
    }

    private static ConsentResource? ConsentOf(string patient)
    {
        var id = patient + "-consent";
        const ConsentResource.ConsentProvisionType Permit = ConsentResource.ConsentProvisionType.Permit;
        const ConsentResource.ConsentProvisionType Deny = ConsentResource.ConsentProvisionType.Deny;
        switch (patient)
        {
            case "permit-all":
                return ResearchConsent(id, patient, Permit);
            case "deny":
                return ResearchConsent(id, patient, Deny);
            case "observations-only":
                var observations = ResearchConsent(id, patient, Permit);
                observations.Provision!.Class = [new Coding("http://hl7.org/fhir/resource-types", "Observation")];
                return observations;
            case "no-hiv":
                return ResearchConsent(id, patient, Permit, DenyCode(HivTest));
            case "expired":
                var expired = ResearchConsent(id, patient, Permit);
                expired.Provision!.Period = new Period { Start = "2020-01-01", End = "2021-01-01" };
                return expired;
            case "nested":
                var denyObservations = DenyType("Observation");
                denyObservations.Provision.Add(new ConsentResource.provisionComponent { Type = Permit, Code = [new CodeableConcept(Loinc, HeartRate)] });
                return ResearchConsent(id, patient, Permit, denyObservations);
            case "deny-hiv-only":
                var denyHiv = ResearchConsent(id, patient, Deny);
                denyHiv.Provision!.Code = [new CodeableConcept(Loinc, HivTest)];
                return denyHiv;
            case "heart-only":
                var heartOnly = ResearchConsent(id, patient, Permit);
                heartOnly.Provision!.Code = [new CodeableConcept(Loinc, HeartRate)];
                return heartOnly;
            case "stale-exception":
                var stale = DenyType("Observation");
                stale.Period = new Period { End = "2021-01-01" };
                return ResearchConsent(id, patient, Permit, stale);
            default:
                return null;
        }
    }

    private static async Task<List<string>> ExportIdsAsync(SecuredServer server)
    {
        using var researcher = server.Researcher();
        var manifest = await WaitForManifestAsync(researcher, await KickOffAsync(researcher, "/fhir/$export?_type=" + ExportedTypes));
        return (await DownloadAllAsync(researcher, manifest)).Keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The export holds exactly what the same research client finds by searching each type.</summary>
    private static async System.Threading.Tasks.Task ShouldMatchResearchSearchAsync(SecuredServer server, List<string> exported)
    {
        using var researcher = server.Researcher();
        var searched = new List<string>();
        foreach (var type in ExportedTypes.Split(','))
        {
            searched.AddRange(await researcher.SearchIdsAsync($"{type}?_count=1000"));
        }

        exported.ShouldBe(searched.Order(StringComparer.Ordinal).ToList());
    }

    private sealed record Member(string Id, string Consent, bool ShowsPatient, bool ShowsHeartRate, bool ShowsHiv, bool ShowsWeight);
}
