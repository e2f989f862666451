import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ListModelsUseCase } from '@app/jobs';

export class ModelLabelDto {
  @ApiProperty({ example: 'person' })
  name: string;

  @ApiPropertyOptional({ example: 1, description: 'COCO category id, for the COCO-trained models' })
  cocoId?: number;
}

export class ModelVersionDto {
  @ApiProperty({ example: 'ssdlite' })
  name: string;

  @ApiProperty({ example: '1' })
  version: string;

  @ApiProperty({ example: 'ssdlite@1', description: 'What `model` may pin in POST /process' })
  ref: string;

  @ApiProperty({ example: 'ssd-tf', enum: ['ssd-tf', 'picodet', 'nanodet', 'yolox', 'yolo'] })
  family: string;

  @ApiProperty({ example: 300 })
  inputWidth: number;

  @ApiProperty({ example: 300 })
  inputHeight: number;

  @ApiProperty({ type: [ModelLabelDto], description: 'What `classes` may name' })
  labels: ModelLabelDto[];

  @ApiProperty({ example: 'Apache-2.0' })
  licence: string;

  @ApiProperty({ example: true, description: 'The version a request without `model` gets' })
  isDefault: boolean;

  @ApiProperty({ example: true, description: 'The version `model: "name"` resolves to (the newest)' })
  isLatest: boolean;
}

export class ModelsResponse {
  @ApiProperty({ type: [ModelVersionDto] })
  models: ModelVersionDto[];
}

@ApiTags('models')
@Controller('models')
export class ListModelsController {
  constructor(private readonly listModels: ListModelsUseCase) {}

  @Get()
  @ApiOperation({ summary: 'The models POST /process may name, every version, newest first per name' })
  @ApiOkResponse({ type: ModelsResponse })
  async list(): Promise<ModelsResponse> {
    return { models: await this.listModels.execute() };
  }
}
