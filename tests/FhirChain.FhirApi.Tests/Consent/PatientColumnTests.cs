using System.Net;
using FhirChain.FhirApi.Storage;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Hl7v2;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>
/// The patient columns of <c>resources</c> (the one patient whose compartment holds a resource, or a flag
/// for several), which a research client's consent filter tests instead of the reference index: every
/// write path keeps them in step with the resource's current content, the migration's backfill derives
/// the same values from the reference index, and a resource in two compartments is still hidden when
/// either patient hides it.
/// </summary>
public sealed class PatientColumnTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Create_update_and_delete_keep_the_patient_columns_of_the_current_version(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var (a, b, c) = (NewPrefix() + "-a", NewPrefix() + "-b", NewPrefix() + "-c");
        var observation = a + "-obs";
        foreach (var id in new[] { a, b, c })
        {
            await client.PutAsync(Patient(id));
        }

        await client.PutAsync(new Organization { Id = a + "-org", Name = "No patient here" });
        await client.PutAsync(Observation(observation, a, HeartRate));

        (await ColumnsAsync(server, "Patient", a)).ShouldBe((a, false));
        (await ColumnsAsync(server, "Organization", a + "-org")).ShouldBe((null, false));
        (await ColumnsAsync(server, "Observation", observation)).ShouldBe((a, false));

        await client.PutAsync(Observation(observation, b, HeartRate));
        (await ColumnsAsync(server, "Observation", observation)).ShouldBe((b, false));

        // The same patient twice (subject and performer) is one patient.
        await client.PutAsync(Observation(observation, b, HeartRate, performerPatientId: b));
        (await ColumnsAsync(server, "Observation", observation)).ShouldBe((b, false));

        await client.PutAsync(Observation(observation, b, HeartRate, performerPatientId: c));
        (await ColumnsAsync(server, "Observation", observation)).ShouldBe((null, true));

        // A Patient linked to another is in both compartments.
        var linked = Patient(c);
        linked.Link = [new Patient.LinkComponent { Other = new ResourceReference($"Patient/{a}"), Type = Hl7.Fhir.Model.Patient.LinkType.Seealso }];
        await client.PutAsync(linked);
        (await ColumnsAsync(server, "Patient", c)).ShouldBe((null, true));

        using (var deleted = await client.SendFhirAsync(HttpMethod.Delete, $"/fhir/Observation/{observation}"))
        {
            deleted.IsSuccessStatusCode.ShouldBeTrue();
        }

        (await ColumnsAsync(server, "Observation", observation)).ShouldBe((null, false));

        // Created again after the deletion (a new version of the same resource).
        await client.PutAsync(Observation(observation, a, HeartRate));
        (await ColumnsAsync(server, "Observation", observation)).ShouldBe((a, false));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Transaction_bundle_sets_the_patient_column_to_the_id_its_placeholder_resolved_to(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var placeholder = "urn:uuid:" + Guid.NewGuid();
        var observation = Observation("unused", "unused", HeartRate);
        observation.Id = null;
        observation.Subject = new ResourceReference(placeholder);
        var patient = Patient("unused");
        patient.Id = null;
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new() { FullUrl = placeholder, Resource = patient, Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Patient" } },
                new() { Resource = observation, Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Observation" } },
            ],
        };

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        // Locations read ".../{type}/{id}/_history/{version}".
        var ids = (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Response!.Location!.Split('/')[^3]).ToList();
        var patientId = ids[0];
        (await ColumnsAsync(server, "Patient", patientId)).ShouldBe((patientId, false));
        (await ColumnsAsync(server, "Observation", ids[1])).ShouldBe((patientId, false));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Hl7v2_ingest_sets_the_patient_column_of_the_resources_it_writes(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var id = Hl7TestMessages.NewId();

        Hl7TestMessages.Field(await Hl7TestMessages.PostAsync(client, Hl7TestMessages.Load("oru-r01.hl7", id)), "MSA", 1).ShouldBe("AA");

        var patient = await Hl7HttpTests.SingleAsync<Patient>(client, $"/fhir/Patient?identifier={Hl7TestMessages.IdentifierQuery("MRN" + id)}");
        var patientId = patient.Id!;
        var report = await Hl7HttpTests.SingleAsync<DiagnosticReport>(client, $"/fhir/DiagnosticReport?subject=Patient/{patientId}");
        (await ColumnsAsync(server, "Patient", patientId)).ShouldBe((patientId, false));
        (await ColumnsAsync(server, "DiagnosticReport", report.Id!)).ShouldBe((patientId, false));
        report.Result.Count.ShouldBe(2);
        foreach (var result in report.Result)
        {
            (await ColumnsAsync(server, "Observation", result.Reference!.Split('/')[1])).ShouldBe((patientId, false));
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Backfill_from_the_reference_index_gives_the_columns_the_writes_gave(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var (a, b) = (NewPrefix() + "-a", NewPrefix() + "-b");
        await client.PutAsync(Patient(a));
        await client.PutAsync(Patient(b));
        await client.PutAsync(Observation(a + "-1", a, HeartRate));
        await client.PutAsync(Observation(b + "-1", b, HeartRate, performerPatientId: a));
        await client.PutAsync(Observation(b + "-2", b, HeartRate, performerPatientId: b));
        await client.PutAsync(new Organization { Id = a + "-org", Name = "No patient here" });
        await client.PutAsync(Observation(a + "-gone", a, HeartRate));
        using (var deleted = await client.SendFhirAsync(HttpMethod.Delete, $"/fhir/Observation/{a}-gone"))
        {
            deleted.IsSuccessStatusCode.ShouldBeTrue();
        }

        using (var deletedPatient = await client.SendFhirAsync(HttpMethod.Delete, $"/fhir/Patient/{b}"))
        {
            deletedPatient.IsSuccessStatusCode.ShouldBeTrue();
        }

        var written = await AllColumnsAsync(server);
        written.ShouldContain(("Observation/" + a + "-1", (a, false)));
        written.ShouldContain(("Observation/" + b + "-1", ((string?)null, true)));

        await using (var db = server.CreateDbContext())
        {
            await db.Resources.ExecuteUpdateAsync(s => s.SetProperty(r => r.PatientRef, (string?)null).SetProperty(r => r.ManyPatients, false));
            (await db.Resources.CountAsync(r => r.PatientRef != null)).ShouldBe(0);
            await db.Database.ExecuteSqlRawAsync(PatientColumns.BackfillSql(kind == DatabaseKind.Sqlite ? StorageProvider.Sqlite : StorageProvider.PostgreSql));
        }

        (await AllColumnsAsync(server)).ShouldBe(written);
    }

    /// <summary>
    /// A resource in two compartments is judged by the reference index, as before the column: hidden when
    /// either patient hides it, by a type search, a system search and a read.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Resource_of_two_patients_is_shown_only_when_both_permit(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var prefix = NewPrefix();
        var (permits, alsoPermits, denies) = (prefix + "-p", prefix + "-q", prefix + "-d");
        using var admin = server.Admin();
        foreach (var id in new[] { permits, alsoPermits, denies })
        {
            await admin.PutAsync(Patient(id));
        }

        await admin.PutAsync(ResearchConsent(permits + "-consent", permits, ConsentResource.ConsentProvisionType.Permit));
        await admin.PutAsync(ResearchConsent(alsoPermits + "-consent", alsoPermits, ConsentResource.ConsentProvisionType.Permit));
        await admin.PutAsync(ResearchConsent(denies + "-consent", denies, ConsentResource.ConsentProvisionType.Deny));
        var shared = prefix + "-shared";
        var hiddenByPerformer = prefix + "-performer-denies";
        var hiddenBySubject = prefix + "-subject-denies";
        await admin.PutAsync(Observation(shared, permits, HeartRate, performerPatientId: alsoPermits));
        await admin.PutAsync(Observation(hiddenByPerformer, permits, HeartRate, performerPatientId: denies));
        await admin.PutAsync(Observation(hiddenBySubject, denies, HeartRate, performerPatientId: permits));
        (await ColumnsAsync(server.Server, "Observation", hiddenByPerformer)).ShouldBe((null, true));
        using var researcher = server.Researcher();

        var ids = string.Join(',', shared, hiddenByPerformer, hiddenBySubject);
        (await researcher.SearchIdsAsync($"Observation?_id={ids}")).ShouldBe([$"Observation/{shared}"]);
        (await researcher.SearchIdsAsync($"?_type=Observation&_id={ids}")).ShouldBe([$"Observation/{shared}"]);
        (await researcher.SearchIdsAsync($"Observation?subject=Patient/{permits}")).ShouldBe([$"Observation/{shared}"]);
        using var read = await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{hiddenByPerformer}");
        read.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patient_tokens_see_a_resource_of_two_patients_in_both_compartments(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var prefix = NewPrefix();
        var (subject, performer, other) = (prefix + "-s", prefix + "-p", prefix + "-o");
        using var admin = server.Admin();
        foreach (var id in new[] { subject, performer, other })
        {
            await admin.PutAsync(Patient(id));
        }

        var shared = prefix + "-shared";
        var own = prefix + "-own";
        await admin.PutAsync(Observation(shared, subject, HeartRate, performerPatientId: performer));
        await admin.PutAsync(Observation(own, subject, HeartRate));
        (await ColumnsAsync(server.Server, "Observation", shared)).ShouldBe((null, true));
        var ids = $"Observation?_id={shared},{own}";
        using var subjectToken = server.Client("patient/*.rs", patient: subject);
        using var performerToken = server.Client("patient/*.rs", patient: performer);
        using var otherToken = server.Client("patient/*.rs", patient: other);

        (await subjectToken.SearchIdsAsync(ids)).ShouldBe([$"Observation/{own}", $"Observation/{shared}"]);
        (await performerToken.SearchIdsAsync(ids)).ShouldBe([$"Observation/{shared}"]);
        (await otherToken.SearchIdsAsync(ids)).ShouldBeEmpty();
        (await performerToken.SearchIdsAsync($"Patient?_id={subject},{performer},{other}")).ShouldBe([$"Patient/{performer}"]);
    }

    private static async Task<(string? PatientRef, bool ManyPatients)> ColumnsAsync(TestServer server, string type, string id)
    {
        await using var db = server.CreateDbContext();
        var row = await db.Resources.AsNoTracking().SingleAsync(r => r.ResourceType == type && r.ResourceId == id);
        return (row.PatientRef, row.ManyPatients);
    }

    private static async Task<List<(string Resource, (string? PatientRef, bool ManyPatients) Columns)>> AllColumnsAsync(TestServer server)
    {
        await using var db = server.CreateDbContext();
        return (await db.Resources.AsNoTracking().ToListAsync())
            .Select(r => (r.ResourceType + "/" + r.ResourceId, (r.PatientRef, r.ManyPatients)))
            .OrderBy(r => r.Item1, StringComparer.Ordinal)
            .ToList();
    }
}
