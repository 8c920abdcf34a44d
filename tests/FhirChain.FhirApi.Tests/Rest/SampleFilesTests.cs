using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>Every file in fhir-samples/ is accepted by the server as its README promises.</summary>
public sealed class SampleFilesTests
{
    private static readonly string SampleDirectory = Path.Combine(AppContext.BaseDirectory, "fhir-samples");

    public static TheoryData<DatabaseKind, string> Samples()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in Databases.Kinds)
        {
            foreach (var file in new[] { "patient.json", "observation.json", "consent-research.json", "transaction.json" })
            {
                data.Add(kind, file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async System.Threading.Tasks.Task Sample_file_is_accepted(DatabaseKind kind, string file)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var json = await File.ReadAllTextAsync(Path.Combine(SampleDirectory, file));
        var type = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("resourceType").GetString()!;
        var url = type == "Bundle" ? "/fhir" : $"/fhir/{type}";

        using var validation = await client.SendAsync(FhirHttp.Request(HttpMethod.Post, $"/fhir/{type}/$validate", content: FhirHttp.Body(json, FhirHttp.Json)));
        (await validation.ReadAsync<OperationOutcome>()).Issue.ShouldAllBe(i => i.Severity == OperationOutcome.IssueSeverity.Information);

        using var response = await client.SendAsync(FhirHttp.Request(HttpMethod.Post, url, content: FhirHttp.Body(json, FhirHttp.Json)));

        var text = await response.Content.ReadAsStringAsync();
        if (type == "Bundle")
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
            var result = await response.ReadAsync<Bundle>();
            result.Entry.Count.ShouldBe(3);
            result.Entry.Skip(1).ShouldAllBe(e => e.Response!.Status!.StartsWith("201"));
            result.Entry[0].Response!.Status!.ShouldMatch("^20[01]");
            var observation = await (await client.GetAsync(new Uri(result.Entry[1].Response!.Location!).AbsolutePath)).ReadAsync<Observation>();
            observation.Subject!.Reference.ShouldBe("Patient/" + result.Entry[0].Response!.Location!.Split('/')[^3]);
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
            (await response.ReadAsync<Resource>()).TypeName.ShouldBe(type);
        }
    }
}
