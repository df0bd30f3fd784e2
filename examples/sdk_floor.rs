//! The floor under a long listing, for the benchmark (bench/run): the SDK
//! alone fetching every page of `list-pipelines` and doing nothing with
//! them, with the same client set-up the CLI uses for a plain-HTTP endpoint.
//!
//!     cargo run --release --example sdk_floor -- http://127.0.0.1:PORT

use aws_sdk_codepipeline::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_codepipeline::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args().nth(1).ok_or("usage: sdk_floor URL")?;
    let config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDBENCH", "bench", None, None, "bench"))
        .endpoint_url(url)
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    let client = Client::from_conf(config);
    let mut token = None;
    let mut pipelines = 0;
    loop {
        let page = client.list_pipelines().set_next_token(token).send().await?;
        pipelines += page.pipelines().len();
        token = page.next_token().map(String::from);
        if token.is_none() {
            break;
        }
    }
    println!("{pipelines}");
    Ok(())
}
