using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;

namespace FhirChain.FhirApi.Tests.Auth;

/// <summary>
/// <c>_include</c>, <c>_include:iterate</c>, <c>*</c>, <c>_revinclude</c> and <c>$everything</c> add only
/// resources of types the token's scopes let it read (a <c>patient/</c> grant: within its compartment);
/// the others are left out silently, as the matches stay.
/// </summary>
public sealed class IncludeScopeTests
{
    private sealed record Seeded(string Mine, string Theirs, string Practitioner, string Encounter, string MyObservation, string TheirObservation);

    private static async Task<Seeded> SeedAsync(SecuredServer server)
    {
        var prefix = NewPrefix();
        var seeded = new Seeded(prefix + "-me", prefix + "-them", prefix + "-doc", prefix + "-enc", prefix + "-obs-me", prefix + "-obs-them");
        using var admin = server.Admin();
        await admin.PutAsync(Patient(seeded.Mine));
        await admin.PutAsync(Patient(seeded.Theirs));
        await admin.PutAsync(new Practitioner { Id = seeded.Practitioner, Name = [new HumanName { Family = "Doc" }] });
        await admin.PutAsync(new Encounter
        {
            Id = seeded.Encounter,
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference($"Patient/{seeded.Mine}"),
        });
        var mine = Observation(seeded.MyObservation, seeded.Mine, HeartRate);
        mine.Performer = [new ResourceReference($"Practitioner/{seeded.Practitioner}")];
        mine.Encounter = new ResourceReference($"Encounter/{seeded.Encounter}");
        await admin.PutAsync(mine);
        await admin.PutAsync(Observation(seeded.TheirObservation, seeded.Theirs, HeartRate));
        return seeded;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Include_adds_only_types_the_token_may_read(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var s = await SeedAsync(server);
        using var admin = server.Admin();
        using var observationsOnly = server.Client("patient/Observation.rs", patient: s.Mine);
        using var withEncounters = server.Client("patient/Observation.rs patient/Encounter.rs", patient: s.Mine);
        var observation = $"Observation/{s.MyObservation}";
        var all = $"Observation?_id={s.MyObservation}&_include=Observation:subject&_include=Observation:performer&_include=Observation:encounter";

        (await admin.SearchIdsAsync(all)).ShouldBe([$"Encounter/{s.Encounter}", observation, $"Patient/{s.Mine}", $"Practitioner/{s.Practitioner}"]);
        (await observationsOnly.SearchIdsAsync(all)).ShouldBe([observation]);
        (await observationsOnly.SearchIdsAsync($"Observation?_id={s.MyObservation}&_include=*")).ShouldBe([observation]);
        (await withEncounters.SearchIdsAsync(all)).ShouldBe([$"Encounter/{s.Encounter}", observation]);

        // :iterate goes on only from what was added: the encounter's subject is a Patient, which the token may not read.
        var iterate = $"Observation?_id={s.MyObservation}&_include=Observation:encounter&_include:iterate=Encounter:subject";
        (await admin.SearchIdsAsync(iterate)).ShouldBe([$"Encounter/{s.Encounter}", observation, $"Patient/{s.Mine}"]);
        (await withEncounters.SearchIdsAsync(iterate)).ShouldBe([$"Encounter/{s.Encounter}", observation]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Revinclude_adds_only_types_the_token_may_read(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var s = await SeedAsync(server);
        using var patientsOnly = server.Client("patient/Patient.rs", patient: s.Mine);
        using var both = server.Client("patient/Patient.rs patient/Observation.r", patient: s.Mine);
        var query = $"Patient?_id={s.Mine}&_revinclude=Observation:subject&_revinclude=Encounter:subject";

        (await patientsOnly.SearchIdsAsync(query)).ShouldBe([$"Patient/{s.Mine}"]);
        (await both.SearchIdsAsync(query)).ShouldBe([$"Observation/{s.MyObservation}", $"Patient/{s.Mine}"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Include_of_a_type_granted_only_at_patient_level_stays_in_the_tokens_compartment(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var s = await SeedAsync(server);
        using var client = server.Client("system/Observation.rs patient/Patient.rs", patient: s.Mine);

        (await client.SearchIdsAsync($"Observation?_id={s.MyObservation},{s.TheirObservation}&_include=Observation:subject"))
            .ShouldBe([$"Observation/{s.MyObservation}", $"Observation/{s.TheirObservation}", $"Patient/{s.Mine}"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Everything_returns_and_includes_only_types_in_the_tokens_scopes(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var s = await SeedAsync(server);
        using var admin = server.Admin();
        using var limited = server.Client("patient/Patient.r patient/Observation.s", patient: s.Mine);

        (await admin.SearchIdsAsync($"Patient/{s.Mine}/$everything").WithoutAuditEventsAsync())
            .ShouldBe([$"Encounter/{s.Encounter}", $"Observation/{s.MyObservation}", $"Patient/{s.Mine}", $"Practitioner/{s.Practitioner}"]);
        (await limited.SearchIdsAsync($"Patient/{s.Mine}/$everything")).ShouldBe([$"Observation/{s.MyObservation}", $"Patient/{s.Mine}"]);
        (await limited.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{s.Mine}/$everything?_type=Encounter")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A patient/ grant does not reach into another patient's $everything, even when the Patient read is system-wide.
        using var mixed = server.Client("system/Patient.r patient/Observation.s", patient: s.Mine);
        (await mixed.SearchIdsAsync($"Patient/{s.Theirs}/$everything")).ShouldBe([$"Patient/{s.Theirs}"]);
        (await mixed.SearchIdsAsync($"Patient/{s.Mine}/$everything")).ShouldBe([$"Observation/{s.MyObservation}", $"Patient/{s.Mine}"]);
    }
}
