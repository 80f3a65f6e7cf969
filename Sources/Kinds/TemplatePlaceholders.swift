/// What `synth` resolves a stack with in place of an account and a region, so that the
/// template can say `${AWS::AccountId}` and `${AWS::Region}` wherever they stand: twelve
/// digits and a region name no AWS account or region has.
public enum TemplatePlaceholders {
    public static let accountID = "000011112222"
    public static let region = "zz-synth-1"
}
