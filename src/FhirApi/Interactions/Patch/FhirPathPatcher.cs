using System.Collections;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Interactions.Patch;

/// <summary>
/// FHIRPath Patch (http://hl7.org/fhir/R4/fhirpatch.html): a <c>Parameters</c> of <c>operation</c>
/// parts (add, insert, delete, replace, move) applied to the resource in place.
/// </summary>
internal static class FhirPathPatcher
{
    /// <summary>Applies the operations; returns an error naming the failing operation, or null.</summary>
    public static string? Apply(Resource resource, Parameters patch)
    {
        var index = 0;
        foreach (var operation in patch.Parameter.Where(p => p.Name == "operation"))
        {
            string? Part(string name) => operation.Part.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
            var type = Part("type");
            var path = Part("path");
            var value = operation.Part.FirstOrDefault(p => p.Name == "value")?.Value;
            if (type is null || path is null)
            {
                return $"FHIRPath Patch operation {index} needs 'type' and 'path'.";
            }

            var error = type switch
            {
                "add" => Add(resource, path, Part("name"), value),
                "insert" => Insert(resource, path, Part("index"), value),
                "delete" => Delete(resource, path),
                "replace" => Replace(resource, path, value),
                "move" => Move(resource, path, Part("source"), Part("destination")),
                _ => $"unknown type '{type}'",
            };
            if (error is not null)
            {
                return $"FHIRPath Patch operation {index} ({type} {path}) failed: {error}.";
            }

            index++;
        }

        return index == 0 ? "The Parameters holds no 'operation' parts." : null;
    }

    private static string? Add(Resource resource, string path, string? name, DataType? value)
    {
        if (name is null || value is null)
        {
            return "'name' and 'value' are required";
        }

        var targets = Select(resource, path);
        if (targets.Count != 1)
        {
            return $"the path selects {targets.Count} elements, not 1";
        }

        var target = targets[0];
        if (target.TryGetValue(name, out var existing) && existing is IList list)
        {
            list.Add(value);
            return null;
        }

        return TrySet(target, name, Coerce(target, name, value));
    }

    private static string? Insert(Resource resource, string path, string? indexText, DataType? value)
    {
        if (value is null || !int.TryParse(indexText, out var index))
        {
            return "'value' and a numeric 'index' are required";
        }

        if (!TryList(resource, path, out var list, out var error))
        {
            return error;
        }

        var items = list!;
        if (index < 0 || index > items.Count)
        {
            return $"index {index} is outside the list of {items.Count}";
        }

        items.Insert(index, value);
        return null;
    }

    private static string? Delete(Resource resource, string path)
    {
        var targets = Select(resource, path);
        if (targets.Count == 0)
        {
            return null;
        }

        if (targets.Count > 1)
        {
            return $"the path selects {targets.Count} elements, not 1";
        }

        return Detach(resource, path, targets[0], replacement: null);
    }

    private static string? Replace(Resource resource, string path, DataType? value)
    {
        if (value is null)
        {
            return "'value' is required";
        }

        var targets = Select(resource, path);
        if (targets.Count != 1)
        {
            return $"the path selects {targets.Count} elements, not 1";
        }

        return Detach(resource, path, targets[0], value);
    }

    private static string? Move(Resource resource, string path, string? sourceText, string? destinationText)
    {
        if (!int.TryParse(sourceText, out var source) || !int.TryParse(destinationText, out var destination))
        {
            return "numeric 'source' and 'destination' are required";
        }

        if (!TryList(resource, path, out var list, out var error))
        {
            return error;
        }

        var items = list!;
        if (source < 0 || source >= items.Count || destination < 0 || destination >= items.Count)
        {
            return "'source' or 'destination' is outside the list";
        }

        var item = items[source];
        items.RemoveAt(source);
        items.Insert(destination, item);
        return null;
    }

    /// <summary>Removes (or replaces) <paramref name="target"/> in its parent, found from the path's last step.</summary>
    private static string? Detach(Resource resource, string path, Base target, DataType? replacement)
    {
        var (parentPath, name) = SplitLast(path);
        if (name is null)
        {
            return "the path has no element step";
        }

        foreach (var parent in Select(resource, parentPath))
        {
            if (!parent.TryGetValue(name, out var child))
            {
                continue;
            }

            if (child is IList list)
            {
                var position = IndexOf(list, target);
                if (position < 0)
                {
                    continue;
                }

                if (replacement is null)
                {
                    list.RemoveAt(position);
                }
                else
                {
                    list[position] = Coerce(parent, name, replacement);
                }

                return null;
            }

            if (ReferenceEquals(child, target))
            {
                return TrySet(parent, name, replacement is null ? null : Coerce(parent, name, replacement));
            }
        }

        return "the element's parent could not be found";
    }

    private static bool TryList(Resource resource, string path, out IList? list, out string? error)
    {
        var (parentPath, name) = SplitLast(path);
        list = null;
        error = null;
        var parents = Select(resource, parentPath);
        if (name is null || parents.Count != 1)
        {
            error = "the path must name one list";
            return false;
        }

        if (!parents[0].TryGetValue(name, out var child) || child is not IList found)
        {
            error = "the path does not name a list";
            return false;
        }

        list = found;
        return true;
    }

    private static string? TrySet(Base target, string name, object? value)
    {
        try
        {
            target.SetValue(name, value);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or KeyNotFoundException or InvalidOperationException)
        {
            return $"'{name}' cannot take that value: {ex.Message}";
        }
    }

    /// <summary>
    /// A patch carries coded values as plain <c>code</c>, but the model types bound codes as
    /// <c>Code&lt;TEnum&gt;</c> (Patient.gender, Observation.status): convert to the element's own type.
    /// </summary>
    private static DataType Coerce(Base parent, string name, DataType value)
    {
        if (value is not Code code)
        {
            return value;
        }

        var element = ModelInfo.ModelInspector.FindOrImportClassMapping(parent.GetType())?.FindMappedElementByName(name);
        var type = element?.ImplementingType;
        if (type is null || !type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Code<>))
        {
            return value;
        }

        var typed = (PrimitiveType)Activator.CreateInstance(type)!;
        typed.JsonValue = code.Value;
        return (DataType)typed;
    }

    private static int IndexOf(IList list, Base target)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], target))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<Base> Select(Resource resource, string path)
    {
        try
        {
            return resource.Select(path).OfType<Base>().ToList();
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            return [];
        }
    }

    /// <summary>
    /// Splits a path at its last element step: <c>Patient.name[0].given</c> gives (<c>Patient.name[0]</c>, <c>given</c>),
    /// <c>Patient.name.where(use='old')</c> gives (<c>Patient</c>, <c>name</c>). Dots inside brackets and calls do not split.
    /// </summary>
    internal static (string Parent, string? Name) SplitLast(string path)
    {
        var steps = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < path.Length; i++)
        {
            switch (path[i])
            {
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case '.' when depth == 0:
                    steps.Add(path[start..i]);
                    start = i + 1;
                    break;
            }
        }

        steps.Add(path[start..]);
        for (var i = steps.Count - 1; i > 0; i--)
        {
            var step = steps[i];
            var paren = step.IndexOf('(', StringComparison.Ordinal);
            var bracket = step.IndexOf('[', StringComparison.Ordinal);
            if (paren >= 0 && (bracket < 0 || paren < bracket))
            {
                continue;
            }

            return (string.Join('.', steps.Take(i)), bracket < 0 ? step : step[..bracket]);
        }

        return (path, null);
    }
}
