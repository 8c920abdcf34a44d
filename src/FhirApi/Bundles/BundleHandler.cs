using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Bundles;

internal sealed class BundleHandler(TransactionProcessor transactions, BatchProcessor batches) : IRequestHandler<BundleRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(BundleRequest request, CancellationToken cancellationToken)
    {
        var bundle = request.Bundle;
        foreach (var (entry, index) in bundle.Entry.Select((e, i) => (e, i)))
        {
            if (entry.Request?.Method is null || string.IsNullOrWhiteSpace(entry.Request!.Url))
            {
                return Outcomes.BadRequest($"Bundle entry {index} needs request.method and request.url.", $"Bundle.entry[{index}].request");
            }
        }

        return bundle.Type switch
        {
            Bundle.BundleType.Transaction => await transactions.ProcessAsync(request, cancellationToken),
            Bundle.BundleType.Batch => await batches.ProcessAsync(request, cancellationToken),
            _ => Outcomes.BadRequest($"Only batch and transaction Bundles can be posted to the base URL, not '{bundle.Type}'.", "Bundle.type"),
        };
    }
}
