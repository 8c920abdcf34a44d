using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirChain.FhirApi.Tests.Export;

/// <summary>Client side of the Bulk Data async pattern: kick-off, polling, manifest and NDJSON downloads.</summary>
public static class BulkExport
{
    public static async Task<string> KickOffAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Accept", "application/fhir+json");
        request.Headers.Add("Prefer", "respond-async");
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return response.Content.Headers.ContentLocation?.ToString() ?? response.Headers.GetValues("Content-Location").Single();
    }

    public static async Task<HttpResponseMessage> PollAsync(HttpClient client, string statusUrl) => await client.GetAsync(statusUrl);

    /// <summary>Polls until the job is done and returns its manifest.</summary>
    public static async Task<JsonObject> WaitForManifestAsync(HttpClient client, string statusUrl)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await client.GetAsync(statusUrl);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            }

            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            response.Headers.Contains("X-Progress").ShouldBeTrue();
            response.Headers.RetryAfter.ShouldNotBeNull();
            await System.Threading.Tasks.Task.Delay(50);
        }

        throw new InvalidOperationException($"Export {statusUrl} did not complete.");
    }

    /// <summary>Every exported resource of the manifest, as "Type/id" with its JSON.</summary>
    public static async Task<Dictionary<string, JsonObject>> DownloadAllAsync(HttpClient client, JsonObject manifest)
    {
        var resources = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var output in manifest["output"]!.AsArray())
        {
            using var response = await client.GetAsync(output!["url"]!.GetValue<string>());
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/fhir+ndjson");
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Length.ShouldBe(output["count"]!.GetValue<int>());
            foreach (var line in lines)
            {
                var resource = JsonNode.Parse(line)!.AsObject();
                resource["resourceType"]!.GetValue<string>().ShouldBe(output["type"]!.GetValue<string>());
                resources[$"{resource["resourceType"]}/{resource["id"]}"] = resource;
            }
        }

        return resources;
    }

    public static string Ids(JsonElement element) => element.ToString();
}
