//! Shorthand arguments on real operations: what goes over the wire must be
//! exactly what the AWS CLI sends for the same words (the grammar itself is
//! checked case by case against the AWS CLI's parser in src/shorthand).

use crate::stub::{Reply, Stub};
use crate::support::{aws_at, code, ours_at, stderr};
use crate::synth;
use std::sync::Mutex;

/// (command line after the command name, operation) — shorthand as users type it.
const CASES: &[&[&str]] = &[
    &["tag-resource", "--resource-arn", "arn:aws:codepipeline:us-east-1:1:p", "--tags", "key=Project,value=A", "key=Team,value=B"],
    &["tag-resource", "--resource-arn", "a", "--tags", "key=Project,value=\"A, B\""],
    &["tag-resource", "--resource-arn", "a", "--tags", "key='quoted key',value=x=y"],
    &["tag-resource", "--resource-arn", "a", "--tags", "key = spaced , value = out"],
    &["tag-resource", "--resource-arn", "a", "--tags", "key=émoji-free ünïcode,value=v"],
    &["tag-resource", "--resource-arn", "a", "--tags", r#"[{"key":"json","value":"list"}]"#],
    &["poll-for-jobs", "--action-type-id", "category=Build,owner=Custom,provider=MyTool,version=1"],
    &["poll-for-jobs", "--action-type-id", "category=Build,owner=Custom,provider=MyTool,version=1", "--max-batch-size", "5", "--query-param", "ProjectName=demo,Stage=prod"],
    &["poll-for-jobs", "--action-type-id", r#"{"category":"Test","owner":"Custom","provider":"P","version":"2"}"#],
    &["poll-for-third-party-jobs", "--action-type-id", "category=Deploy,owner=ThirdParty,provider=Vendor,version=3"],
    &["put-job-success-result", "--job-id", "j", "--output-variables", "A=1,B=two,C=\"x,y\""],
    &["put-job-success-result", "--job-id", "j", "--current-revision", "revision=abc123,changeIdentifier=c1,revisionSummary=fix"],
    &["put-job-success-result", "--job-id", "j", "--execution-details", "summary=done,externalExecutionId=e1,percentComplete=100"],
    &["put-job-failure-result", "--job-id", "j", "--failure-details", "type=JobFailed,message='it broke: badly',externalExecutionId=x"],
    &["put-approval-result", "--pipeline-name", "p", "--stage-name", "s", "--action-name", "a", "--token", "t", "--result", "summary=LGTM,status=Approved"],
    &["start-pipeline-execution", "--name", "p", "--variables", "name=env,value=prod", "name=region,value=eu-west-1"],
    &["start-pipeline-execution", "--name", "p", "--source-revisions", "actionName=Source,revisionType=COMMIT_ID,revisionValue=abc"],
    &["list-pipeline-executions", "--pipeline-name", "p", "--filter", "succeededInStage={stageName=Deploy}"],
    &["list-action-executions", "--pipeline-name", "p", "--filter", "pipelineExecutionId=e-1"],
    &["list-rule-executions", "--pipeline-name", "p", "--filter", "pipelineExecutionId=e-2,latestInPipelineExecution={pipelineExecutionId=e-2,startTimeRange=Latest}"],
    &["list-deploy-action-execution-targets", "--action-execution-id", "x", "--filters", "name=TARGET_STATUS,values=[Failed,InProgress]"],
    &["list-deploy-action-execution-targets", "--action-execution-id", "x", "--filters", "name=TARGET_STATUS,values=Succeeded"],
    &["create-custom-action-type", "--category", "Build", "--provider", "P", "--action-version", "1",
      "--input-artifact-details", "minimumCount=0,maximumCount=1", "--output-artifact-details", "minimumCount=0,maximumCount=5",
      "--settings", "entityUrlTemplate=https://x/{Config:Name},thirdPartyConfigurationUrl=https://y",
      "--configuration-properties", "name=Name,required=true,key=true,secret=false,queryable=true,type=String",
      "--tags", "key=a,value=b"],
    &["put-webhook", "--webhook", "name=hook,targetPipeline=p,targetAction=Source,filters=[{jsonPath=$.ref,matchEquals=refs/heads/main}],authentication=GITHUB_HMAC,authenticationConfiguration={SecretToken=s3cr3t}"],
    &["put-action-revision", "--pipeline-name", "p", "--stage-name", "s", "--action-name", "a",
      "--action-revision", "revisionId=r1,revisionChangeId=c1,created=2024-01-02T03:04:05Z"],
    &["update-pipeline", "--pipeline", "name=p,roleArn=arn:aws:iam::1:role/r,artifactStore={type=S3,location=bucket-1},stages=[{name=Source,actions=[{name=S,actionTypeId={category=Source,owner=AWS,provider=S3,version=1},runOrder=1}]}],version=2"],
    &["poll-for-jobs", "--action-type-id", "category=Build,owner=Custom,provider=P,version=1", "--query-param", "k=[not,a,list]"],
];

/// Idempotency tokens are random on both sides: they must be there, their values cannot match.
fn without_tokens(mut body: serde_json::Value) -> serde_json::Value {
    if let Some(map) = body.as_object_mut() {
        for token in ["clientRequestToken", "clientToken"] {
            if map.get(token).is_some_and(|t| t.as_str().is_some_and(|t| !t.is_empty())) {
                map.insert(token.into(), serde_json::Value::String("<token>".into()));
            }
        }
    }
    body
}

#[test]
fn shorthand_arguments_send_what_the_aws_cli_sends() {
    let queue = Mutex::new(CASES.to_vec());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let Some(args) = queue.lock().expect("lock").pop() else { break };
                let ours_stub = Stub::start(vec![Reply::json("{}")]);
                let theirs_stub = Stub::start(vec![Reply::json("{}")]);
                let ours = ours_at(&ours_stub.url, args);
                let theirs = aws_at(&theirs_stub.url, args);
                let problem = match (ours_stub.requests().first(), theirs_stub.requests().first()) {
                    (Some(a), Some(b)) if synth::same_json(&without_tokens(a.json()), &without_tokens(b.json())) => {
                        None
                    }
                    (Some(a), Some(b)) => Some(format!("we sent {}\n  the AWS CLI sent {}", a.json(), b.json())),
                    (None, None) if code(&ours) == 252 => None,
                    (a, b) => Some(format!(
                        "ours: {:?} (exit {}: {}) aws: {:?} (exit {}: {})",
                        a.map(|r| r.json()),
                        code(&ours),
                        stderr(&ours),
                        b.map(|r| r.json()),
                        code(&theirs),
                        stderr(&theirs)
                    )),
                };
                if let Some(problem) = problem {
                    failures.lock().expect("lock").push(format!("{args:?}:\n  {problem}"));
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}
