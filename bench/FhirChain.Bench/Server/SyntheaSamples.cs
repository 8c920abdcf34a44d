using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Fhir;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Bundle = Hl7.Fhir.Model.Bundle;
using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;

namespace FhirChain.Bench.Server;

/// <summary>The Synthea sample bundles (<c>shared/</c> organizations and practitioners, <c>patients/</c> one transaction each) and how to load them in-process.</summary>
internal static class SyntheaSamples
{
    /// <summary>The samples folder: the given one, or the shared copy next to the repository; null when there is none.</summary>
    public static string? Find(string given)
    {
        foreach (var candidate in new[] { given, "../shared/samples/synthea", "../../shared/samples/synthea", "/work/shared/samples/synthea" })
        {
            if (candidate.Length > 0 && Directory.Exists(Path.Combine(candidate, "patients")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a transaction bundle through the mediator (POST entries get new ids each time); the number of entries.</summary>
    public static async Task<int> PostBundleAsync(IServiceProvider services, byte[] json)
    {
        using var scope = services.CreateScope();
        var serializer = scope.ServiceProvider.GetRequiredService<FhirSerializer>();
        var parsed = serializer.ParseJson(json);
        var bundle = parsed.Resource as Bundle ?? throw new InvalidOperationException("Not a bundle: " + string.Join("; ", parsed.Issues.Select(i => i.Message)));
        var response = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new BundleRequest(bundle, "http://localhost/fhir", ReturnMinimal: true));
        if (response.StatusCode != 200)
        {
            var detail = response.Resource is OperationOutcome outcome ? string.Join("; ", outcome.Issue.Select(i => i.Diagnostics)) : string.Empty;
            throw new InvalidOperationException($"Bundle failed with {response.StatusCode}: {detail}");
        }

        return bundle.Entry.Count;
    }
}
