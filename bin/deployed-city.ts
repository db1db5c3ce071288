/**
 * The upload bucket of a deployed city, read from its stack's outputs (`UploadBucketName`) with
 * the user's own AWS configuration (profile, region, SSO…), so `npx budget upload x.csv --city
 * lechang` needs no bucket name. A member of the city's upload group may read exactly this
 * (cloudformation:DescribeStacks on the stack; infra/constructs/upload-staff-access.ts).
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { cityInputs } from '../infra/cities';
import { stackNameFor } from '../infra/config/stack-name';
import { errorMessage } from '../local/error-message';

/** The output the stack names its upload bucket with (infra/budget-pipeline-stack.ts). */
export const UPLOAD_BUCKET_OUTPUT = 'UploadBucketName';

export interface DeployedCityTarget {
  /** `--city <id>`: the stack `BudgetPipeline-<id>`, in the city's configured region if it has one. */
  city?: string;
  /** `--stack <name>`: any stack of this app. */
  stack?: string;
  /** `--profile`: else AWS_PROFILE or the default profile. */
  profile?: string;
  /** `--region`: else the city's region, else the profile's. */
  region?: string;
}

export interface DeployedUploadBucket {
  bucket: string;
  stackName: string;
  /** Where the stack (and its bucket) is; undefined: the profile's region. */
  region: string | undefined;
}

export class DeployedCityError extends Error {
  override name = 'DeployedCityError';
}

export async function findDeployedUploadBucket(
  target: DeployedCityTarget,
  client?: CloudFormationClient,
): Promise<DeployedUploadBucket> {
  const stackName = target.stack ?? stackNameFor({ id: target.city ?? '' });
  const region = target.region ?? cityInputs.find((city) => city.id === target.city)?.region;
  const cloudformation =
    client ??
    new CloudFormationClient({
      ...(region === undefined ? {} : { region }),
      ...(target.profile === undefined ? {} : { profile: target.profile }),
    });
  try {
    const answer = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = answer.Stacks?.[0]?.Outputs ?? [];
    const bucket = outputs.find((output) => output.OutputKey === UPLOAD_BUCKET_OUTPUT)?.OutputValue;
    if (bucket === undefined) {
      throw new DeployedCityError(
        `堆栈 ${stackName} 没有输出 ${UPLOAD_BUCKET_OUTPUT}（不是本项目的堆栈，或尚未部署完成）/ stack ${stackName} has no ${UPLOAD_BUCKET_OUTPUT} output (not this project's stack, or its deployment has not finished)`,
      );
    }
    return { bucket, stackName, region: region ?? (await cloudformation.config.region()) };
  } catch (err) {
    if (err instanceof DeployedCityError) throw err;
    const text = errorMessage(err, { withName: true });
    if (/does not exist/.test(text)) {
      throw new DeployedCityError(
        `找不到堆栈 ${stackName}${region === undefined ? '' : `（区域 ${region}）`}：请确认城市 id、区域（--region）和账号（--profile）/ ` +
          `no stack ${stackName}${region === undefined ? " in the profile's region" : ` in ${region}`}: check the city id, --region and --profile (deploy with npx cdk deploy --all -c city=<id>)`,
      );
    }
    if (/credential|Could not load|token|expired/i.test(text)) {
      throw new DeployedCityError(
        `没有可用的 AWS 凭证：请运行 aws configure（或 aws sso login），或用 --profile 指定配置 / no usable AWS credentials: run aws configure (or aws sso login), or pass --profile (${text})`,
      );
    }
    if (/AccessDenied|not authorized/i.test(text)) {
      throw new DeployedCityError(
        `无权读取堆栈 ${stackName} 的输出：请让管理员把您加入上传用户组 / not allowed to read the outputs of ${stackName}: ask your administrator to add you to the upload group (${text})`,
      );
    }
    throw new DeployedCityError(`无法读取堆栈 ${stackName} / cannot read stack ${stackName}: ${text}`);
  } finally {
    if (client === undefined) cloudformation.destroy();
  }
}
