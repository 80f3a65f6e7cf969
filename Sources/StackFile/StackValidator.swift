/// Checks a parsed stack file against the schema, the cross-property rules and the reference
/// graph, collecting every problem rather than stopping at the first.
package final class StackValidator {
    typealias Top = StackSchema.Top
    typealias Resource = StackSchema.Resource

    let file: String
    let options: ValidationOptions
    let language: StackLanguage
    package private(set) var diagnostics: [Diagnostic] = []

    var stackName: String?
    var region: String?
    var variables: [String: String] = [:]
    /// Resource id to type, for every resource whose type is known.
    var resourceTypes: [String: ResourceTypeSchema] = [:]
    var resourceIDs: [String] = []
    /// The stack-level tags' keys: every resource carries them besides its own.
    var stackTagKeys: Set<String> = []
    private var regexCache: [String: Regex<AnyRegexOutput>] = [:]

    package init(file: String, options: ValidationOptions, language: StackLanguage) {
        self.file = file
        self.options = options
        self.language = language
    }

    package func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }

    package func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message, severity: .warning))
    }

    func validate(_ root: StackNode) -> StackDocument? {
        guard let top = root.mapping else {
            error(
                root.location,
                "a stack file must be a mapping with `stack:` and `resources:`, got \(root.kindDescription)"
            )
            return nil
        }
        readGlobals(top)
        checkObject(
            top, StackSchema.top(language), owner: top.location,
            skipping: [Top.resources.name])
        var resources: [ResourceDeclaration] = []
        if let entry = top.entry(Top.resources) {
            resources = checkResources(entry)
        }
        checkTopLevelReferences(top)
        for rule in language.settingsRules { rule(top, self) }
        checkCycles(resources)
        checkDuplicateNames(resources)
        guard let stackName else { return nil }
        var document = StackDocument(
            file: file, name: stackName, region: region,
            description: top[Top.description]?.scalar?.text,
            tags: stringMap(top[Top.tags]), variables: variables, resources: resources,
            traffic: traffic(top[Top.cost]))
        document.settings = top
        document.lockBucket = globalText(
            top[Top.lock]?.mapping?[Top.lockBucket], subject: "'lock.bucket'")
        return document
    }

    // MARK: - Globals needed before anything else can be resolved

    private func readGlobals(_ top: StackNode.Mapping) {
        variables = stringMap(top[Top.variables])
        for (name, value) in options.variables { variables[name] = value }
        let fileRegion = globalText(top[Top.region])
        region = fileRegion ?? options.region
        stackName = globalText(top[Top.stack])
        stackTagKeys = Set(top[Top.tags]?.mapping?.entries.map(\.key) ?? [])
        checkRegion(fileRegion, at: top[Top.region]?.scalar?.textStart ?? top.location)
        checkGivenVariables(top)
        if let entry = top.entry(Top.resources), let mapping = entry.value.mapping {
            for resource in mapping.entries {
                resourceIDs.append(resource.key)
                if let typeName = resource.value.mapping?[Resource.typeKey]?.scalar?.text,
                    let kind = language.kind(named: typeName)
                {
                    resourceTypes[resource.key] = kind.schema
                }
            }
        }
    }

    /// `stack` and `region` may use variables, and nothing else: everything else depends on them.
    /// The file's region is where the stack lives: `--region` may only repeat it, and a name
    /// that is no region is caught here rather than by a failing call.
    private func checkRegion(_ fileRegion: String?, at location: SourceLocation) {
        if let fileRegion, let given = options.region, given != fileRegion {
            error(
                location,
                "the stack file's region is \(fileRegion), and --region says \(given): a stack file that names its region is applied there only; change `region:` here, or leave it out to choose the region when running"
            )
        }
        guard let region, !options.knownRegions.isEmpty,
            !options.knownRegions.contains(region),
            region.range(of: #"^[a-z]+(-[a-z]+)+-\d+$"#, options: .regularExpression) != nil
        else { return }
        let place = fileRegion == nil ? "--region \(region)" : "region '\(region)'"
        error(
            fileRegion == nil ? SourceLocation(file: file, line: 1, column: 1) : location,
            "\(place): no such region\(Suggestion.didYouMean(region, in: options.knownRegions.sorted()))"
        )
    }

    /// A variable given on the command line that the file neither declares nor uses is a typo
    /// (`--var evn=prod`), which would otherwise be ignored without a word.
    private func checkGivenVariables(_ top: StackNode.Mapping) {
        let declared = Set(stringMap(top[Top.variables]).keys)
        let given = options.variables.keys.filter { !declared.contains($0) }
        guard !given.isEmpty else { return }
        var used: Set<String> = []
        func collect(_ node: StackNode) {
            switch node {
            case .scalar(let scalar):
                guard scalar.text.contains("${"),
                    case .success(let interpolation) = Interpolation.parse(scalar.text)
                else { return }
                for case .success(.variable(let name)) in interpolation.references.map({
                    Reference.parse($0.expression)
                }) {
                    used.insert(name)
                }
            case .sequence(let items, _): items.forEach(collect)
            case .mapping(let mapping): mapping.entries.forEach { collect($0.value) }
            }
        }
        collect(.mapping(top))
        let known = declared.union(used)
        for name in given.sorted() where !known.contains(name) {
            error(
                top.entry(Top.variables)?.keyLocation ?? top.location,
                "variable '\(name)' is given (--var or --var-file) but the stack neither declares nor uses it\(Suggestion.didYouMean(name, in: known.sorted()))"
            )
        }
    }

    private func globalText(_ node: StackNode?, subject: String = "'stack' and 'region'")
        -> String?
    {
        guard let scalar = node?.scalar, !scalar.isNull else { return nil }
        guard scalar.text.contains("${") else { return scalar.text }
        guard case .success(let interpolation) = Interpolation.parse(scalar.text) else {
            return nil
        }
        let rendered = interpolation.rendered(with: ReferenceValues(variables: variables))
        if rendered == nil {
            error(
                scalar.textStart,
                "\(subject) may refer to variables only (${var.NAME}), and each must have a value"
            )
        }
        return rendered
    }

    /// The `cost:` block, checked against the schema already; absent keys take their defaults.
    private func traffic(_ node: StackNode?) -> Traffic? {
        guard let cost = node?.mapping else { return nil }
        let rate = globalText(cost[Top.recordsPerSecond]).flatMap { Int($0) }
        let size = globalText(cost[Top.averageRecordBytes]).flatMap { Int($0) }
        return Traffic(
            recordsPerSecond: Double(rate ?? Top.recordsPerSecond.defaultValue),
            averageRecordBytes: size ?? Top.averageRecordBytes.defaultValue,
            origin: "the stack file's cost:")
    }

    func stringMap(_ node: StackNode?) -> [String: String] {
        var values: [String: String] = [:]
        for entry in node?.mapping?.entries ?? [] {
            if let scalar = entry.value.scalar, !scalar.isNull { values[entry.key] = scalar.text }
        }
        return values
    }

    // MARK: - Resources

    private func checkResources(_ entry: StackNode.Entry) -> [ResourceDeclaration] {
        guard let mapping = entry.value.mapping else {
            mismatch(entry.value, Top.resources.name, "a mapping")
            return []
        }
        if case .map(let idRule, _) = Top.resources.property.type {
            for resource in mapping.entries {
                checkString(
                    resource.key, rule: idRule, location: resource.keyLocation,
                    subject: "resource id '\(resource.key)'")
            }
        }
        if mapping.entries.isEmpty {
            error(entry.keyLocation, "`resources` is empty; declare at least one resource")
        }
        var declarations: [ResourceDeclaration] = []
        for resource in mapping.entries {
            if let declaration = checkResource(resource) {
                declarations.append(declaration)
            }
        }
        return declarations
    }

    private func checkResource(_ entry: StackNode.Entry) -> ResourceDeclaration? {
        let id = entry.key
        guard let body = entry.value.mapping else {
            error(
                entry.value.location,
                "resource '\(id)' must be a mapping with `type` and `properties`, got \(entry.value.kindDescription)"
            )
            return nil
        }
        checkObject(
            body, StackSchema.resource(language), owner: entry.keyLocation,
            skipping: [Resource.typeKey, Resource.properties.name])
        guard let typeEntry = body.entry(Resource.typeKey) else {
            error(
                entry.keyLocation,
                "resource '\(id)' has no `type`; use one of \(typeNames)")
            return nil
        }
        guard let typeName = typeEntry.value.scalar?.text,
            let kind = language.kind(named: typeName)
        else {
            let given = typeEntry.value.scalar?.text ?? ""
            error(
                typeEntry.value.location,
                "unknown resource type '\(given)'\(Suggestion.didYouMean(given, in: language.resourceTypes.map(\.name))); use one of \(typeNames)"
            )
            return nil
        }
        var properties = StackNode.Mapping(entries: [], location: entry.keyLocation)
        if let propertiesEntry = body.entry(Resource.properties) {
            if let mapping = propertiesEntry.value.mapping {
                properties = mapping
            } else if !propertiesEntry.value.isNull {
                error(
                    propertiesEntry.value.location,
                    "`properties` must be a mapping, got \(propertiesEntry.value.kindDescription)")
            }
        }
        let owner = body.entry(Resource.properties)?.keyLocation ?? entry.keyLocation
        checkObject(properties, kind.schema.properties, owner: owner)
        checkRules(kind, properties: properties, owner: owner)
        var dependencies = Set(checkReferences(in: .mapping(properties), from: id))
        dependencies.formUnion(checkDependsOn(body[Resource.dependsOn], from: id))
        return ResourceDeclaration(
            id: id, location: entry.keyLocation, kind: kind, properties: properties,
            dependencies: dependencies.sorted())
    }

    private var typeNames: String {
        language.resourceTypes.map(\.name).joined(separator: ", ")
    }

    private func checkDependsOn(_ node: StackNode?, from id: String) -> [String] {
        guard case .sequence(let items, _) = node else { return [] }
        var ids: [String] = []
        for item in items {
            guard let target = item.scalar?.text else { continue }
            if target == id {
                error(item.location, "resource '\(id)' cannot depend on itself")
            } else if resourceIDs.contains(target) {
                ids.append(target)
            } else {
                error(
                    item.location,
                    "depends_on names unknown resource '\(target)'\(Suggestion.didYouMean(target, in: resourceIDs))"
                )
            }
        }
        return ids
    }

    // MARK: - Schema checks

    /// Checks keys (unknown ones get a suggestion), required properties and each value.
    func checkObject(
        _ mapping: StackNode.Mapping, _ properties: [SchemaProperty], owner: SourceLocation,
        skipping: Set<String> = []
    ) {
        let known = properties.map(\.name)
        for entry in mapping.entries {
            guard let property = properties.first(where: { $0.name == entry.key }) else {
                error(
                    entry.keyLocation,
                    "unknown key '\(entry.key)'\(Suggestion.didYouMean(entry.key, in: known)); expected one of \(known.joined(separator: ", "))"
                )
                continue
            }
            if skipping.contains(entry.key) { continue }
            check(entry.value, property.type, name: entry.key)
        }
        for property in properties where property.required && mapping[property.name] == nil {
            error(owner, "missing required property '\(property.name)'")
        }
    }

    func check(_ node: StackNode, _ type: SchemaType, name: String) {
        switch type {
        case .object(let properties):
            guard let mapping = node.mapping else {
                return mismatch(node, name, "a mapping")
            }
            checkObject(mapping, properties, owner: mapping.location)
        case .map(let keyRule, let valueType):
            guard let mapping = node.mapping else {
                return mismatch(node, name, "a mapping")
            }
            for entry in mapping.entries {
                checkString(
                    entry.key, rule: keyRule, location: entry.keyLocation,
                    subject: Self.keySubject(entry.key, of: name))
                check(entry.value, valueType, name: "\(name).\(entry.key)")
            }
        case .document:
            guard node.mapping != nil else { return mismatch(node, name, "a mapping") }
        case .list(let element, let minimum):
            guard case .sequence(let items, let location) = node else {
                return mismatch(node, name, "a list")
            }
            if items.count < minimum {
                error(
                    location, "'\(name)' needs at least \(minimum) item\(minimum == 1 ? "" : "s")")
            }
            for item in items { check(item, element, name: name) }
        case .string(let rule):
            guard let scalar = node.scalar, !scalar.isNull else {
                return mismatch(node, name, "a string")
            }
            if case .known(let text) = offlineText(scalar, forString: true) {
                checkString(text, rule: rule, location: scalar.textStart, subject: "'\(name)'")
            }
        case .integer(let minimum, let maximum):
            guard let text = scalarText(node, name, expected: "an integer") else { return }
            guard let value = Int(text) else {
                return error(node.location, "'\(name)' must be an integer, got '\(text)'")
            }
            if let minimum, value < minimum || maximum.map({ value > $0 }) ?? false {
                let range = maximum.map { "between \(minimum) and \($0)" } ?? "at least \(minimum)"
                error(node.location, "'\(name)' must be \(range), got \(value)")
            } else if let maximum, value > maximum {
                error(node.location, "'\(name)' must be at most \(maximum), got \(value)")
            }
        case .number(let minimum, let maximum):
            guard let text = scalarText(node, name, expected: "a number") else { return }
            guard let value = DecimalText.parse(text) else {
                return error(node.location, "'\(name)' must be a number, got '\(text)'")
            }
            if value < minimum || value > maximum {
                error(
                    node.location,
                    "'\(name)' must be between \(DecimalText.written(minimum)) and \(DecimalText.written(maximum)), got \(text)"
                )
            }
        case .boolean:
            guard let text = scalarText(node, name, expected: "true or false") else { return }
            if Self.boolean(text) == nil {
                error(node.location, "'\(name)' must be true or false, got '\(text)'")
            }
        case .enumeration(let values):
            guard
                let text = scalarText(
                    node, name, expected: "one of \(values.joined(separator: ", "))")
            else { return }
            if !values.contains(text) {
                error(
                    node.location,
                    "'\(name)' must be one of \(values.joined(separator: ", ")), got '\(text)'\(Suggestion.didYouMean(text, in: values))"
                )
            }
        }
    }

    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    func mismatch(_ node: StackNode, _ name: String, _ expected: String) {
        error(node.location, "'\(name)' must be \(expected), got \(node.kindDescription)")
    }

    /// The text of a scalar that must be known offline (numbers, booleans, choices).
    private func scalarText(_ node: StackNode, _ name: String, expected: String) -> String? {
        guard let scalar = node.scalar, !scalar.isNull else {
            mismatch(node, name, expected)
            return nil
        }
        switch offlineText(scalar, forString: false) {
        case .known(let text): return text
        case .unknown:
            error(
                node.location,
                "'\(name)' must be known before AWS is contacted: use a literal or ${var.NAME}")
            return nil
        case .invalid: return nil
        }
    }

    /// Names a key of a user-keyed mapping in messages: "tag key 'x'", "variable name 'x'".
    static func keySubject(_ key: String, of map: String) -> String {
        switch map {
        case "tags": "tag key '\(key)'"
        case "variables": "variable name '\(key)'"
        case "partition_keys": "partition key '\(key)'"
        default: "key '\(key)' of '\(map)'"
        }
    }

    /// `subject` is how the message names the value, such as `'name'` or `tag key 'x'`.
    package func checkString(
        _ text: String, rule: StringRule, location: SourceLocation, subject: String
    ) {
        let length = text.count
        if length < rule.minimumLength {
            error(
                location,
                rule.minimumLength == 1
                    ? "\(subject) must not be empty"
                    : "\(subject) must be at least \(rule.minimumLength) characters, got \(length)")
            return
        }
        if let maximum = rule.maximumLength, length > maximum {
            error(location, "\(subject) must be at most \(maximum) characters, got \(length)")
            return
        }
        if let pattern = rule.pattern, !matches(text, pattern) {
            for (prefix, owner) in [("aws:", "AWS"), ("streamstack:", "streamstack")]
            where pattern.contains("(?!\(prefix))") && text.lowercased().hasPrefix(prefix) {
                error(
                    location,
                    "\(subject): the \(prefix) prefix is reserved for \(owner)'s own tags")
                return
            }
            let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
            error(
                location,
                "\(subject) must be \(rule.patternDescription ?? "match \(pattern)"), got '\(shown)'"
            )
        }
    }

    package func matches(_ text: String, _ pattern: String) -> Bool {
        let regex: Regex<AnyRegexOutput>
        if let cached = regexCache[pattern] {
            regex = cached
        } else {
            guard let compiled = try? Regex(pattern) else { return true }
            regexCache[pattern] = compiled
            regex = compiled
        }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    // MARK: - Offline resolution

    package enum OfflineText {
        case known(String)
        /// Depends on something only AWS knows (a resource attribute, the account id).
        case unknown
        /// A malformed reference, reported by the reference checks.
        case invalid
    }

    /// The scalar with built-ins and variables filled in. For strings, the account id and a
    /// missing region get stand-ins of the right shape so that name rules can still be checked.
    package func offlineText(_ scalar: StackNode.Scalar, forString: Bool) -> OfflineText {
        guard scalar.text.contains("${") else { return .known(scalar.text) }
        guard case .success(let interpolation) = Interpolation.parse(scalar.text) else {
            return .invalid
        }
        guard let references = interpolation.parsedReferences else { return .invalid }
        // Known only to AWS: other resources' attributes, the account id and, when nothing
        // names it, the region. Strings get stand-ins of the right shape.
        let unknown = references.contains { reference in
            switch reference {
            case .attribute, .accountID: true
            case .region: region == nil
            case .partition, .stackName, .variable: false
            }
        }
        if unknown && !forString { return .unknown }
        let values = ReferenceValues(
            accountID: Reference.placeholderAccountID, region: region ?? "us-east-1",
            partition: "aws", stackName: stackName, variables: variables)
        if let rendered = interpolation.rendered(with: values) { return .known(rendered) }
        return unknown ? .unknown : .invalid
    }
}
