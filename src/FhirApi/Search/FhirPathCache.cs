using System.Collections.Concurrent;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Evaluators of the FHIRPath expressions used for indexing, built once per expression for the life
/// of the process: a <see cref="SimplePath"/> walk of the POCOs where the expression is a simple
/// path, the compiled FHIRPath engine otherwise. (The SDK's own cache holds 500 expressions; with
/// per-type expressions for every resource type the indexer uses thousands, and an undersized
/// cache recompiles, and emits IL, on almost every call.)
/// </summary>
internal static class FhirPathCache
{
    private static readonly FhirPathCompiler Compiler = new(new SymbolTable().AddStandardFP().AddFhirExtensions());
    private static readonly ConcurrentDictionary<string, Func<Base, FhirEvaluationContext, List<Base>>> Evaluators = new(StringComparer.Ordinal);

    /// <summary>Evaluates <paramref name="expression"/> on <paramref name="element"/> and returns the POCO values.</summary>
    public static List<Base> Select(Base element, string expression, FhirEvaluationContext context) =>
        Evaluators.GetOrAdd(expression, Build)(element, context);

    private static Func<Base, FhirEvaluationContext, List<Base>> Build(string expression)
    {
        if (SimplePath.TryParse(expression) is { } simple)
        {
            return (element, _) => simple.Select(element);
        }

        var compiled = Compiler.Compile(expression);
        return (element, context) => compiled.Invoke([element.ToPocoNode()], context).Select(n => n.Poco).ToList();
    }
}
